// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.rtmp.RtmpServerConfig;
import dev.livepipe.media.Codec;
import dev.livepipe.media.MediaType;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.Fixtures;
import dev.livepipe.testkit.SyntheticStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RTMPS: FFmpeg publishes over TLS to the second port, with the testkit's self-signed certificate. */
@Timeout(60)
class RtmpsEdgeTest {

    @Test
    void ffmpegPublishesOverTls() throws Exception {
        RtmpServerConfig config = RtmpServerConfig.defaults().withTls(new RtmpServerConfig.Tls(
                Fixtures.file(Fixtures.LOCALHOST_CERT), Fixtures.file(Fixtures.LOCALHOST_KEY), 0));
        try (EdgeFixture edge = new EdgeFixture(Map.of("tls-key", "stream-tls"), config)) {
            int tlsPort = edge.server.actualTlsPort();
            assertThat(tlsPort).isPositive().isNotEqualTo(edge.port());
            String url = "rtmps://127.0.0.1:" + tlsPort + "/live/tls-key";
            try (FfmpegPublisher p = FfmpegPublisher.synthetic(url,
                    SyntheticStream.defaults(Duration.ofSeconds(2)).withSize(320, 180)).start()) {
                assertThat(p.awaitCompletion(Duration.ofSeconds(30))).isTrue();
                assertThat(p.failure()).isEmpty();
            }
            assertThat(edge.hub.awaitUnits("stream-tls", 100, Duration.ofSeconds(5))).isTrue();
            HubRecorder.Seen seen = edge.hub.seen("stream-tls");
            assertThat(seen.sessions.get(0).publisher().protocol()).isEqualTo("rtmps");
            assertThat(seen.sessions.get(0).video().orElseThrow().codec()).isEqualTo(Codec.H264);
            assertThat(seen.units(MediaType.VIDEO).get(0).keyframe()).isTrue();
            assertThat(edge.server.describe().getInteger("tlsPort")).isEqualTo(tlsPort);
        }
    }
}
