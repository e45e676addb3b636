// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.rtmp.RtmpServerConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The receive low-water mark of a publishing connection, on the real server and the kernel's
 * TCP stack: small messages between frames share socket reads (wake-ups), none of them is lost,
 * and the last one still arrives although fewer bytes than the mark follow it.
 */
@Timeout(60)
class ReadLowWaterEdgeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int FRAMES = 40;

    @Test
    void smallFramesShareReadsAndEveryOneArrives() throws Exception {
        Reads r = publishSmallFrames(RtmpServerConfig.defaults());
        // 40 frames of ~310 bytes against a 1 KiB mark: about 4 frames per read
        assertThat(r.reads()).as("socket reads for %d frames sent 10 ms apart", FRAMES)
                .isLessThanOrEqualTo(FRAMES / 2);
        assertThat(r.markWhilePublishing()).as("mark while publishing").isGreaterThan(1);
    }

    @Test
    void withTheMarkOffEveryFrameWakesTheServer() throws Exception {
        Reads r = publishSmallFrames(RtmpServerConfig.defaults().withReadLowWater(1));
        assertThat(r.reads()).as("socket reads for %d frames sent 10 ms apart", FRAMES)
                .isGreaterThanOrEqualTo(FRAMES * 2 / 3); // 40 unless the loop falls 10 ms behind
        assertThat(r.markWhilePublishing()).isEqualTo(1);
    }

    private record Reads(long reads, int markWhilePublishing) {
    }

    /** Publishes a keyframe, then {@link #FRAMES} small audio frames 10 ms apart; counts the reads. */
    private static Reads publishSmallFrames(RtmpServerConfig config) throws Exception {
        try (EdgeFixture edge = new EdgeFixture(Map.of("lw-key", "s-lw"), config);
             RawRtmpClient c = new RawRtmpClient(edge.port()).handshake()) {
            c.publish("live", "lw-key");
            assertThat(c.awaitStatus("NetStream.Publish.Start", WAIT)).isTrue();
            c.send(FlvBodies.avcSequenceHeader(0, FlvBodies.SPS_360));
            c.send(FlvBodies.aacSequenceHeader());
            c.send(FlvBodies.avcFrame(0, true, 4000));
            assertThat(edge.hub.awaitUnits("s-lw", 1, WAIT)).isTrue();
            long before = connection(edge).getLong("reads");
            int mark = 0;
            for (int i = 0; i < FRAMES; i++) {
                c.send(FlvBodies.aacFrame(21L * (i + 1), 300));
                Thread.sleep(10);
                if (i == FRAMES / 2) {
                    mark = connection(edge).getInteger("readLowWater");
                }
            }
            // every frame arrives (fewer bytes than the mark may follow the last one)
            assertThat(edge.hub.awaitUnits("s-lw", 1 + FRAMES, WAIT)).as("all frames delivered").isTrue();
            // one more frame at once: fewer bytes than the mark and nothing after it, so with a mark
            // set only the hold timer (250 ms after the last read) gets it read; the idle timeout,
            // the only other way out, is 30 s
            long sent = System.nanoTime();
            c.send(FlvBodies.aacFrame(21L * (FRAMES + 1), 300));
            assertThat(edge.hub.awaitUnits("s-lw", 2 + FRAMES, WAIT)).as("a lone small frame delivered").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("held no longer than about the hold")
                    .isLessThan(Duration.ofSeconds(2));
            return new Reads(connection(edge).getLong("reads") - before, mark);
        }
    }

    private static JsonObject connection(EdgeFixture edge) {
        return edge.server.describe().getJsonArray("connections").stream().map(JsonObject.class::cast)
                .filter(j -> "s-lw".equals(j.getString("streamId"))).findFirst().orElseThrow();
    }
}
