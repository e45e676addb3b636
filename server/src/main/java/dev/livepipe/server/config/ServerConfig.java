// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the service reads from its environment (storage settings live in
 * {@code StorageConfig}). Immutable; built once at start.
 *
 * @param httpHost        address the HTTP server binds
 * @param httpPort        HTTP port (0 = any free port, for tests)
 * @param rtmpPort        RTMP port (0 = any free port)
 * @param rtmpsPort       RTMPS port, used only when a certificate and key are configured
 * @param tlsCertificate  PEM certificate chain for RTMPS, if any
 * @param tlsKey          PEM private key for RTMPS, if any
 * @param adminToken      the admin token when set by the operator; otherwise one is generated
 * @param publicUrl       base URL viewers reach the HTTP server at (for generated links);
 *                        derived from each request's Host header when empty
 * @param publicHost      host name put in generated rtmp:// URLs when set
 * @param reconnectGrace  how long a broadcast waits for its publisher to reconnect
 * @param hlsSegment      target HLS segment duration
 * @param hlsWindow       segments in the live playlist window
 * @param recording       whether broadcasts are recorded to S3 (on by default; off for a pure
 *                        live-HLS node or to measure HLS alone)
 * @param viewerIdle      how long an HLS viewer session may fetch nothing before it no longer
 *                        counts as a current viewer (1–60 s)
 */
public record ServerConfig(String httpHost, int httpPort, int rtmpPort, int rtmpsPort,
                           Optional<Path> tlsCertificate, Optional<Path> tlsKey,
                           Optional<String> adminToken, Optional<String> publicUrl,
                           Optional<String> publicHost, Duration reconnectGrace,
                           Duration hlsSegment, int hlsWindow, boolean recording, Duration viewerIdle) {

    /** Names of every variable {@link #fromEnv} reads, for docs and the compose-file test. */
    public static final List<String> ENV_VARS = List.of(
            "LIVEPIPE_HTTP_HOST", "LIVEPIPE_HTTP_PORT", "LIVEPIPE_RTMP_PORT", "LIVEPIPE_RTMPS_PORT",
            "LIVEPIPE_TLS_CERT", "LIVEPIPE_TLS_KEY", "LIVEPIPE_ADMIN_TOKEN", "LIVEPIPE_PUBLIC_URL",
            "LIVEPIPE_PUBLIC_HOST", "LIVEPIPE_RECONNECT_GRACE_SECONDS", "LIVEPIPE_HLS_SEGMENT_SECONDS",
            "LIVEPIPE_HLS_WINDOW", "LIVEPIPE_RECORDING", "LIVEPIPE_VIEWER_IDLE_SECONDS");

    /** Reads the configuration from environment variables, with the documented defaults. */
    public static ServerConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return new ServerConfig(
                r.string("LIVEPIPE_HTTP_HOST", "0.0.0.0"),
                r.port("LIVEPIPE_HTTP_PORT", 8080),
                r.port("LIVEPIPE_RTMP_PORT", 1935),
                r.port("LIVEPIPE_RTMPS_PORT", 1936),
                r.optional("LIVEPIPE_TLS_CERT").map(Path::of),
                r.optional("LIVEPIPE_TLS_KEY").map(Path::of),
                r.optional("LIVEPIPE_ADMIN_TOKEN"),
                r.optional("LIVEPIPE_PUBLIC_URL").map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                r.optional("LIVEPIPE_PUBLIC_HOST"),
                Duration.ofMillis(Math.round(r.positiveDouble("LIVEPIPE_RECONNECT_GRACE_SECONDS", 30) * 1000)),
                Duration.ofMillis(Math.round(r.positiveDouble("LIVEPIPE_HLS_SEGMENT_SECONDS", 2) * 1000)),
                r.positiveInt("LIVEPIPE_HLS_WINDOW", 6),
                r.bool("LIVEPIPE_RECORDING", true),
                Duration.ofMillis(Math.round(Math.clamp(r.positiveDouble("LIVEPIPE_VIEWER_IDLE_SECONDS", 30), 1.0, 60.0) * 1000)));
    }

    /** True when RTMPS should listen. */
    public boolean rtmpsEnabled() {
        return tlsCertificate.isPresent() && tlsKey.isPresent();
    }
}
