// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.Fixtures;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: the service started as the README starts it, FFmpeg's RTMP client publishing,
 * FFmpeg's HLS demuxer reading and decoding what Livepipe serves.
 */
class RtmpToHlsIT {

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_RECONNECT_GRACE_SECONDS", "4")).start();
        api = new LivepipeApi(server.httpBase(), server.printedAdminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static String publishUrl(JsonObject stream) {
        assertThat(stream.getString("rtmpUrl")).isEqualTo(server.rtmpBase());
        return stream.getString("rtmpUrl") + "/" + stream.getString("streamKey");
    }

    @Test
    void h264AndAacFromFfmpegPlayAsLiveHls() throws Exception {
        JsonObject stream = api.createStream("H.264 show");
        assertThat(stream.getString("hlsUrl")).doesNotContain(stream.getString("streamKey"));
        String hlsUrl = stream.getString("hlsUrl");
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(publishUrl(stream),
                SyntheticStream.defaults(Duration.ofSeconds(14)).withSize(640, 360)).start()) {
            String mediaUrl = LiveHls.awaitMediaPlaylist(hlsUrl, Duration.ofSeconds(20));
            // Read the live stream with FFmpeg's own HLS demuxer while it is being published.
            CompletableFuture<HlsChecker.Report> playing = CompletableFuture.supplyAsync(() -> HlsChecker.play(
                    hlsUrl, HlsChecker.Options.defaults().withTimeout(Duration.ofSeconds(60))));

            HlsChecker.MediaPlaylistInfo live = LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(20),
                    p -> p.segments().size() >= 3);
            assertThat(live.violations()).isEmpty();
            assertThat(live.version()).isEqualTo(7);
            assertThat(live.independentSegments()).isTrue();
            assertThat(live.endList()).isFalse();
            assertThat(live.segments()).allSatisfy(s -> {
                assertThat(s.programDateTime()).isNotNull();
                assertThat(s.duration()).isBetween(1.0, 3.5);
            });
            assertThat(live.targetDuration()).isGreaterThanOrEqualTo(
                    (int) Math.round(live.durations().stream().mapToDouble(d -> d).max().orElseThrow()));

            String multivariant = HlsChecker.get(hlsUrl).text();
            HlsChecker.VariantEntry variant = HlsChecker.parseMultivariant(multivariant).get(0);
            assertThat(variant.attributes()).containsKeys("BANDWIDTH", "CODECS", "RESOLUTION");
            assertThat(variant.attributes().get("RESOLUTION")).isEqualTo("640x360");
            assertThat(variant.attributes().get("CODECS")).contains("avc1.").contains("mp4a.40.2");

            HlsChecker.HttpResult playlistHttp = HlsChecker.get(mediaUrl);
            assertThat(playlistHttp.header("content-type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("application/vnd.apple.mpegurl"));
            assertThat(playlistHttp.header("access-control-allow-origin")).contains("*");
            String segmentUrl = HlsChecker.resolve(mediaUrl, live.segments().get(0).uri());
            HlsChecker.HttpResult segment = HlsChecker.get(segmentUrl);
            assertThat(segment.status()).isEqualTo(200);
            assertThat(segment.header("cache-control")).hasValueSatisfying(c -> assertThat(c).contains("max-age"));

            JsonObject info = api.stream(stream.getString("id"));
            assertThat(info.getBoolean("live")).isTrue();
            JsonObject ingest = info.getJsonObject("broadcast").getJsonObject("ingest");
            assertThat(ingest.getString("protocol")).isEqualTo("rtmp");
            assertThat(ingest.getString("publisherAddress")).startsWith("127.0.0.1:");
            assertThat(ingest.getString("software")).isNotBlank();
            assertThat(ingest.getJsonObject("video").getInteger("width")).isEqualTo(640);
            assertThat(ingest.getJsonObject("video").getInteger("height")).isEqualTo(360);
            assertThat(ingest.getJsonObject("video").getString("codec")).isEqualTo("h264");
            assertThat(ingest.getJsonObject("audio").getString("codec")).isEqualTo("aac");
            assertThat(ingest.getDouble("frameRate")).isBetween(25.0, 35.0);
            assertThat(ingest.getLong("bitrateBps")).isPositive();
            assertThat(ingest.getDouble("keyframeIntervalSeconds")).isBetween(1.5, 2.5);
            assertThat(info.encode()).doesNotContain(stream.getString("streamKey"));

            assertThat(publisher.awaitCompletion(Duration.ofSeconds(40))).isTrue();
            assertThat(publisher.failure()).isEmpty();

            HlsChecker.Report report = playing.get();
            assertThat(report.openError()).isEmpty();
            assertThat(report.decodeErrors()).as("decode errors: %s", report.errors()).isZero();
            assertThat(report.videoFrames()).isGreaterThanOrEqualTo(200);
            assertThat(report.audioFrames()).isPositive();
            assertThat(report.width()).isEqualTo(640);
            assertThat(report.height()).isEqualTo(360);
            assertThat(report.firstVideoKeyframe()).isTrue();
            assertThat(report.reachedEnd()).as("ENDLIST reached").isTrue();
        }
        HlsChecker.MediaPlaylistInfo ended = LiveHls.awaitPlaylist(
                LiveHls.mediaPlaylistUrl(hlsUrl), Duration.ofSeconds(20), HlsChecker.MediaPlaylistInfo::endList);
        assertThat(ended.violations()).isEmpty();
    }

    @Test
    void hevcOverEnhancedRtmpPlaysAsLiveHls() throws Exception {
        JsonObject stream = api.createStream("HEVC show");
        String hlsUrl = stream.getString("hlsUrl");
        Path fixture = Fixtures.file(Fixtures.HEVC_AAC_320X240);
        HlsChecker.Report source = HlsChecker.play(fixture);
        try (FfmpegPublisher publisher = FfmpegPublisher.file(publishUrl(stream), fixture, Duration.ofSeconds(30))
                .start()) {
            LiveHls.awaitMediaPlaylist(hlsUrl, Duration.ofSeconds(20));
            CompletableFuture<HlsChecker.Report> playing = CompletableFuture.supplyAsync(() -> HlsChecker.play(
                    hlsUrl, HlsChecker.Options.defaults().withTimeout(Duration.ofSeconds(60))));
            String multivariant = HlsChecker.get(hlsUrl).text();
            assertThat(HlsChecker.parseMultivariant(multivariant).get(0).attributes().get("CODECS"))
                    .matches(".*(hvc1|hev1)\\..*").contains("mp4a.40.2");
            assertThat(publisher.awaitCompletion(Duration.ofSeconds(40))).isTrue();
            assertThat(publisher.failure()).isEmpty();
            HlsChecker.Report report = playing.get();
            assertThat(report.decodeErrors()).as("decode errors: %s", report.errors()).isZero();
            assertThat(report.videoCodec()).isEqualTo("hevc");
            assertThat(report.width()).isEqualTo(320);
            assertThat(report.height()).isEqualTo(240);
            // Every frame of the fixture arrives (the reader starts at the first segment).
            assertThat(report.videoFrames()).isGreaterThanOrEqualTo(source.videoFrames() - 2);
            assertThat(report.audioFrames()).isPositive();
            assertThat(report.reachedEnd()).isTrue();
        }
    }

    @Test
    void aBadKeyIsRefusedAndNothingAppears() throws Exception {
        JsonObject stream = api.createStream("Locked");
        String badUrl = stream.getString("rtmpUrl") + "/not-the-key";
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(badUrl,
                SyntheticStream.defaults(Duration.ofSeconds(3))).start()) {
            assertThat(publisher.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(publisher.failure()).as("FFmpeg's publish must fail").isPresent();
        }
        assertThat(HlsChecker.get(stream.getString("hlsUrl")).status()).isEqualTo(404);
        assertThat(api.stream(stream.getString("id")).getBoolean("live")).isFalse();
    }

    @Test
    void aReconnectWithinGraceContinuesTheBroadcastWithADiscontinuity() throws Exception {
        JsonObject stream = api.createStream("Flaky uplink");
        String id = stream.getString("id");
        String hlsUrl = stream.getString("hlsUrl");
        String broadcastId;
        try (FfmpegPublisher first = FfmpegPublisher.synthetic(publishUrl(stream),
                SyntheticStream.defaults(Duration.ofSeconds(6))).start()) {
            String mediaUrl = LiveHls.awaitMediaPlaylist(hlsUrl, Duration.ofSeconds(20));
            LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(20), p -> p.segments().size() >= 2);
            broadcastId = api.stream(id).getJsonObject("broadcast").getString("id");
            assertThat(first.awaitCompletion(Duration.ofSeconds(30))).isTrue();
        }
        // The publisher is gone: the playlist keeps answering during the grace window.
        String mediaUrl = LiveHls.mediaPlaylistUrl(hlsUrl);
        assertThat(HlsChecker.get(mediaUrl).status()).isEqualTo(200);
        assertThat(api.stream(id).getString("status")).isEqualTo("reconnecting");
        try (FfmpegPublisher second = FfmpegPublisher.synthetic(publishUrl(stream),
                SyntheticStream.defaults(Duration.ofSeconds(6))).start()) {
            HlsChecker.MediaPlaylistInfo p = LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(30),
                    x -> !x.discontinuityIndices().isEmpty()
                            && x.segments().size() > x.discontinuityIndices().get(0) + 1);
            assertThat(p.violations()).isEmpty();
            JsonObject info = api.stream(id);
            assertThat(info.getJsonObject("broadcast").getString("id")).isEqualTo(broadcastId);
            assertThat(info.getJsonObject("broadcast").getInteger("reconnects")).isEqualTo(1);
            assertThat(second.awaitCompletion(Duration.ofSeconds(30))).isTrue();
        }
        HlsChecker.MediaPlaylistInfo ended = LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(20),
                HlsChecker.MediaPlaylistInfo::endList);
        assertThat(ended.violations()).isEmpty();
        HlsChecker.Report report = HlsChecker.play(hlsUrl);
        assertThat(report.decodeErrors()).as("decode errors: %s", report.errors()).isZero();
        assertThat(report.videoFrames()).isPositive();
    }

    @Test
    void rotatingTheKeyEndsThePublishThatUsedTheOldOne() throws Exception {
        JsonObject stream = api.createStream("Rotate me");
        String id = stream.getString("id");
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(publishUrl(stream),
                SyntheticStream.defaults(Duration.ofSeconds(30))).start()) {
            LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
            var rotated = api.send("POST", "/api/streams/" + id + "/key", null);
            assertThat(rotated.statusCode()).isEqualTo(200);
            String newKey = new JsonObject(rotated.body()).getString("streamKey");
            assertThat(newKey).isNotBlank().isNotEqualTo(stream.getString("streamKey"));
            assertThat(publisher.awaitCompletion(Duration.ofSeconds(20))).as("old publish cut off").isTrue();
            assertThat(api.stream(id).getBoolean("live")).isFalse();
        }
        try (FfmpegPublisher old = FfmpegPublisher.synthetic(publishUrl(stream),
                SyntheticStream.defaults(Duration.ofSeconds(3))).start()) {
            assertThat(old.awaitCompletion(Duration.ofSeconds(20))).isTrue();
            assertThat(old.failure()).as("the old key no longer publishes").isPresent();
        }
    }

    @Test
    void theAdminApiNeedsTheToken() throws Exception {
        LivepipeApi anonymous = new LivepipeApi(server.httpBase(), null);
        LivepipeApi wrong = new LivepipeApi(server.httpBase(), "wrong-token");
        for (String[] route : List.of(new String[] {"GET", "/api/streams"}, new String[] {"POST", "/api/streams"},
                new String[] {"GET", "/api/streams/x"}, new String[] {"POST", "/api/streams/x/key"},
                new String[] {"DELETE", "/api/streams/x"}, new String[] {"GET", "/api/system"})) {
            assertThat(anonymous.send(route[0], route[1], null).statusCode()).as(route[1]).isEqualTo(401);
            assertThat(wrong.send(route[0], route[1], null).statusCode()).as(route[1]).isEqualTo(401);
        }
        assertThat(api.send("POST", "/api/streams", "{\"title\":\"\"}").statusCode()).isEqualTo(400);
        assertThat(api.send("POST", "/api/streams", "not json").statusCode()).isEqualTo(400);
        JsonObject created = api.createStream("Listed");
        assertThat(api.streams().stream().map(o -> ((JsonObject) o).getString("id")))
                .contains(created.getString("id"));
        assertThat(api.streams().encode()).doesNotContain(created.getString("streamKey"));
        assertThat(api.send("DELETE", "/api/streams/" + created.getString("id"), null).statusCode()).isEqualTo(204);
        assertThat(api.send("GET", "/api/streams/" + created.getString("id"), null).statusCode()).isEqualTo(404);
        assertThat(server.logText()).doesNotContain(created.getString("streamKey"));
    }
}
