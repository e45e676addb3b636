// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.MediaType;
import dev.livepipe.media.Payload;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.Fixtures;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RTMP server driven by FFmpeg's own RTMP client and FLV muxer (through JavaCV): what arrives
 * at a reader of the hub is what FFmpeg sent.
 */
@Timeout(90)
class FfmpegIngestEdgeTest {

    private static EdgeFixture edge;

    @BeforeAll
    static void start() throws Exception {
        edge = new EdgeFixture(Map.of("h264-key", "stream-h264", "hevc-key", "stream-hevc",
                "play-key", "stream-play"));
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
    }

    @Test
    void h264AndAacFromFfmpegArriveAtAReader() throws Exception {
        try (FfmpegPublisher p = FfmpegPublisher.synthetic(edge.url("h264-key?via=obs"),
                SyntheticStream.defaults(Duration.ofSeconds(3))).start()) {
            assertThat(p.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(p.failure()).isEmpty();
        }
        assertThat(edge.hub.awaitUnits("stream-h264", 150, Duration.ofSeconds(5))).isTrue();
        HubRecorder.Seen seen = edge.hub.seen("stream-h264");

        PublisherSession session = seen.sessions.get(0);
        assertThat(session.publisher().protocol()).isEqualTo("rtmp");
        assertThat(session.publisher().software()).startsWith("Lavf");
        Track video = session.video().orElseThrow();
        assertThat(video.codec()).isEqualTo(Codec.H264);
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(video.timescale()).isEqualTo(1000);
        assertThat(video.codecString()).matches("avc1\\.[0-9a-f]{6}");
        assertThat(video.config()).isInstanceOf(CodecConfig.Avc.class);
        Track audio = session.audio().orElseThrow();
        assertThat(audio.codec()).isEqualTo(Codec.AAC);
        assertThat(audio.sampleRate()).isEqualTo(48000);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.codecString()).isEqualTo("mp4a.40.2");

        List<AccessUnit> videoUnits = seen.units(MediaType.VIDEO);
        List<AccessUnit> audioUnits = seen.units(MediaType.AUDIO);
        assertThat(videoUnits.size()).isBetween(80, 95); // 3 s at 30 fps
        assertThat(audioUnits.size()).isBetween(120, 145); // 3 s of 1024-sample frames at 48 kHz
        assertThat(seen.units.get(0).track().mediaType()).isEqualTo(MediaType.VIDEO);
        assertThat(videoUnits.get(0).keyframe()).isTrue();
        assertThat(videoUnits.stream().filter(AccessUnit::keyframe).count()).isBetween(2L, 3L); // GOP 2 s
        assertNonDecreasingDts(videoUnits);
        assertNonDecreasingDts(audioUnits);
        long span = videoUnits.get(videoUnits.size() - 1).dts() - videoUnits.get(0).dts();
        assertThat(span).isBetween(2800L, 3100L);
        assertThat(videoUnits.get(0).payload()).isInstanceOfSatisfying(Payload.H264.class,
                h -> assertThat(h.nalus()).anySatisfy(n -> assertThat(n[0] & 0x1F).isEqualTo(5)));
        assertThat(videoUnits.get(0).wallClockMillis()).isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(30_000L));
    }

    @Test
    void hevcAsEnhancedRtmpFromTheFixture() throws Exception {
        try (FfmpegPublisher p = FfmpegPublisher.file(edge.url("hevc-key"),
                Fixtures.file(Fixtures.HEVC_AAC_320X240), Duration.ofMillis(2500)).start()) {
            assertThat(p.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(p.failure()).isEmpty();
        }
        assertThat(edge.hub.awaitUnits("stream-hevc", 150, Duration.ofSeconds(5))).isTrue();
        HubRecorder.Seen seen = edge.hub.seen("stream-hevc");
        Track video = seen.sessions.get(0).video().orElseThrow();
        assertThat(video.codec()).isEqualTo(Codec.HEVC);
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
        assertThat(video.codecString()).isEqualTo("hvc1.1.6.L60.90");
        assertThat(video.config()).isInstanceOf(CodecConfig.Hvc.class);
        assertThat(seen.sessions.get(0).audio().orElseThrow().codecString()).isEqualTo("mp4a.40.2");

        List<AccessUnit> videoUnits = seen.units(MediaType.VIDEO);
        assertThat(videoUnits.get(0).keyframe()).isTrue();
        assertThat(videoUnits.get(0).payload()).isInstanceOf(Payload.Hevc.class);
        assertThat(videoUnits.stream().filter(AccessUnit::keyframe).count()).isBetween(2L, 3L); // GOP 1 s
        assertThat(videoUnits).anySatisfy(u -> assertThat(u.pts()).isGreaterThan(u.dts())); // B-frames
        assertNonDecreasingDts(videoUnits);
        assertNonDecreasingDts(seen.units(MediaType.AUDIO));
        assertThat(seen.units(MediaType.AUDIO)).hasSizeGreaterThan(100);
    }

    @Test
    void aBadKeyCreatesNoBroadcastAndTheClientFails() throws Exception {
        List<String> startedBefore = edge.hub.started();
        int liveBefore = edge.broadcasts.all().size();
        long refusedBefore = edge.server.describe().getJsonObject("totals").getLong("publishesRefused");
        try (FfmpegPublisher p = FfmpegPublisher.synthetic(edge.url("wrong-key"),
                SyntheticStream.defaults(Duration.ofSeconds(2)).withSize(160, 96)).start()) {
            assertThat(p.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(p.failure()).isPresent();
            assertThat(p.connected()).isFalse();
            assertThat(p.sent()).isZero();
        }
        assertThat(edge.hub.started()).isEqualTo(startedBefore);
        assertThat(edge.broadcasts.all()).hasSize(liveBefore);
        assertThat(edge.server.describe().getJsonObject("totals").getLong("publishesRefused"))
                .isEqualTo(refusedBefore + 1);
    }

    @Test
    void ffmpegAsAPlayerAcceptsTheDigestHandshakeAndIsRefused() throws Exception {
        JsonObject before = edge.server.describe().getJsonObject("totals");
        FFmpegFrameGrabber player = new FFmpegFrameGrabber(edge.url("play-key"));
        player.setOption("rw_timeout", "5000000");
        try {
            player.start();
            throw new AssertionError("play should have been refused");
        } catch (FFmpegFrameGrabber.Exception expected) {
            // NetStream.Play.Failed
        } finally {
            player.release();
        }
        JsonObject after = edge.server.describe().getJsonObject("totals");
        // FFmpeg verifies S1's digest and S2's signature when it plays, and only then sends
        // connect/createStream/play: reaching play proves it accepted our digest handshake.
        assertThat(after.getLong("digestHandshakes")).isGreaterThan(before.getLong("digestHandshakes"));
        // (JavaCV's grabber retries avformat_open_input once, so FFmpeg may play twice)
        assertThat(after.getLong("playsRefused")).isGreaterThan(before.getLong("playsRefused"));
        assertThat(edge.hub.started()).doesNotContain("stream-play");
    }

    private static void assertNonDecreasingDts(List<AccessUnit> units) {
        for (int i = 1; i < units.size(); i++) {
            assertThat(units.get(i).dts()).isGreaterThanOrEqualTo(units.get(i - 1).dts());
        }
    }
}
