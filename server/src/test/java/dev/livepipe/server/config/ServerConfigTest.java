// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void defaultsWithoutAnyVariable() {
        ServerConfig c = ServerConfig.fromEnv(Map.of());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.rtmpPort()).isEqualTo(1935);
        assertThat(c.reconnectGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.hlsSegment()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.hlsWindow()).isEqualTo(6);
        assertThat(c.adminToken()).isEmpty();
        assertThat(c.rtmpsEnabled()).isFalse();
        assertThat(c.recording()).isTrue();
    }

    @Test
    void recordingCanBeSwitchedOff() {
        assertThat(ServerConfig.fromEnv(Map.of("LIVEPIPE_RECORDING", "off")).recording()).isFalse();
        assertThat(ServerConfig.fromEnv(Map.of("LIVEPIPE_RECORDING", "ON")).recording()).isTrue();
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("LIVEPIPE_RECORDING", "maybe")))
                .hasMessageContaining("LIVEPIPE_RECORDING");
    }

    @Test
    void readsEveryVariable() {
        ServerConfig c = ServerConfig.fromEnv(Map.of(
                "LIVEPIPE_HTTP_PORT", "9000", "LIVEPIPE_RTMP_PORT", "19350",
                "LIVEPIPE_RECONNECT_GRACE_SECONDS", "2.5", "LIVEPIPE_PUBLIC_URL", "https://live.example.com/",
                "LIVEPIPE_TLS_CERT", "/c.pem", "LIVEPIPE_TLS_KEY", "/k.pem", "LIVEPIPE_ADMIN_TOKEN", "secret"));
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.rtmpPort()).isEqualTo(19350);
        assertThat(c.reconnectGrace()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.publicUrl()).contains("https://live.example.com");
        assertThat(c.rtmpsEnabled()).isTrue();
        assertThat(c.adminToken()).contains("secret");
    }

    @Test
    void badValuesNameTheVariable() {
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("LIVEPIPE_HTTP_PORT", "eighty")))
                .hasMessageContaining("LIVEPIPE_HTTP_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("LIVEPIPE_RTMP_PORT", "70000")))
                .hasMessageContaining("LIVEPIPE_RTMP_PORT");
        assertThatThrownBy(() -> ServerConfig.fromEnv(Map.of("LIVEPIPE_HLS_WINDOW", "0")))
                .hasMessageContaining("LIVEPIPE_HLS_WINDOW");
    }
}
