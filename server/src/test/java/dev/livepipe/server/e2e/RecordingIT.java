// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording end to end: what FFmpeg publishes ends up as a complete, decodable fragmented MP4
 * in S3 — after a normal end, after a {@code kill -9} of the server, and across a storage outage
 * of more than a minute.
 */
class RecordingIT {

    private static final String TOKEN = "recording-test-token";

    @TempDir
    Path tmp;

    /** Polls the stream's recordings until one reaches a final status (bounded). */
    static JsonObject awaitRecording(LivepipeApi api, String streamId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonArray last = null;
        while (System.nanoTime() < deadline) {
            var r = api.send("GET", "/api/recordings?stream=" + streamId, null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            last = new JsonArray(r.body());
            if (!last.isEmpty() && !"recording".equals(last.getJsonObject(0).getString("status"))) {
                return last.getJsonObject(0);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no finished recording within " + timeout + ": " + last);
    }

    /** Downloads the recording through its presigned URL and decodes every frame. */
    static HlsChecker.Report download(LivepipeApi api, JsonObject recording, Path dir) throws Exception {
        JsonObject detail = new JsonObject(api.send("GET", "/api/recordings/" + recording.getString("id"), null).body());
        var bytes = api.fetch(detail.getString("downloadUrl"));
        assertThat(bytes.statusCode()).isEqualTo(200);
        assertThat((long) bytes.body().length).isEqualTo(detail.getLong("bytes"));
        Path file = dir.resolve(recording.getString("id") + ".mp4");
        Files.write(file, bytes.body());
        return HlsChecker.play(file);
    }

    @Test
    void aFinishedBroadcastIsACompleteRecordingThatPlays() throws Exception {
        try (LivepipeProcess server = new LivepipeProcess(tmp.resolve("data"), Map.of(
                "LIVEPIPE_ADMIN_TOKEN", TOKEN, "LIVEPIPE_RECONNECT_GRACE_SECONDS", "2")).start()) {
            LivepipeApi api = new LivepipeApi(server.httpBase(), TOKEN);
            JsonObject stream = api.createStream("Recorded show");
            try (FfmpegPublisher p = FfmpegPublisher.synthetic(stream.getString("rtmpUrl") + "/"
                    + stream.getString("streamKey"), SyntheticStream.defaults(Duration.ofSeconds(12))).start()) {
                assertThat(p.awaitCompletion(Duration.ofSeconds(40))).isTrue();
                assertThat(p.failure()).isEmpty();
            }
            JsonObject rec = awaitRecording(api, stream.getString("id"), Duration.ofSeconds(60));
            assertThat(rec.getString("status")).isEqualTo("complete");
            assertThat(rec.getDouble("durationSeconds")).isBetween(11.0, 13.0);
            assertThat(rec.getString("codecs")).contains("avc1").contains("mp4a");
            assertThat(rec.getString("expiresAt")).isNotNull();

            HlsChecker.Report file = download(api, rec, tmp);
            assertThat(file.decodeErrors()).as("errors: %s", file.errors()).isZero();
            assertThat(file.videoSeconds()).isCloseTo(rec.getDouble("durationSeconds"), org.assertj.core.data.Offset.offset(1.0));
            assertThat(file.audioFrames()).isPositive();

            JsonObject detail = new JsonObject(api.send("GET", "/api/recordings/" + rec.getString("id"), null).body());
            HlsChecker.Report vod = HlsChecker.play(detail.getString("vodUrl"));
            assertThat(vod.decodeErrors()).as("errors: %s", vod.errors()).isZero();
            assertThat(vod.reachedEnd()).isTrue();
            assertThat(vod.videoFrames()).isEqualTo(file.videoFrames());
            String playlist = HlsChecker.get(detail.getString("vodUrl")).text();
            assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:VOD").contains("#EXT-X-ENDLIST");
        }
    }

    @Test
    void killMinusNineMidBroadcastAndTheNextStartRecoversTheRecording() throws Exception {
        Path data = tmp.resolve("data");
        String streamId;
        try (LivepipeProcess server = new LivepipeProcess(data, Map.of("LIVEPIPE_ADMIN_TOKEN", TOKEN)).start()) {
            LivepipeApi api = new LivepipeApi(server.httpBase(), TOKEN);
            JsonObject stream = api.createStream("Crashing show");
            streamId = stream.getString("id");
            try (FfmpegPublisher p = FfmpegPublisher.synthetic(stream.getString("rtmpUrl") + "/"
                    + stream.getString("streamKey"), SyntheticStream.defaults(Duration.ofSeconds(60))).start()) {
                LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
                Thread.sleep(9000);
                server.kill();
            }
        }
        try (LivepipeProcess again = new LivepipeProcess(data, Map.of("LIVEPIPE_ADMIN_TOKEN", TOKEN)).start()) {
            LivepipeApi api = new LivepipeApi(again.httpBase(), TOKEN);
            JsonObject rec = awaitRecording(api, streamId, Duration.ofSeconds(60));
            assertThat(rec.getString("status")).isEqualTo("interrupted");
            // About 9-10 s were published before the kill; at most one 2 s fragment may be lost.
            assertThat(rec.getDouble("durationSeconds")).isBetween(6.0, 11.0);
            HlsChecker.Report file = download(api, rec, tmp);
            assertThat(file.decodeErrors()).as("errors: %s", file.errors()).isZero();
            assertThat(file.videoSeconds()).isCloseTo(rec.getDouble("durationSeconds"), org.assertj.core.data.Offset.offset(1.0));
            JsonObject stream = api.stream(streamId);
            assertThat(stream.getBoolean("live")).isFalse();
        }
    }

    @Test
    void aStorageOutageOfOverAMinuteLosesNothing() throws Exception {
        int s3Port;
        try (ServerSocket s = new ServerSocket(0)) {
            s3Port = s.getLocalPort();
        }
        Path s3Dir = tmp.resolve("s3");
        S3ServerProcess s3 = new S3ServerProcess(s3Dir, s3Port).start();
        try (LivepipeProcess server = new LivepipeProcess(tmp.resolve("data"), Map.of(
                "LIVEPIPE_ADMIN_TOKEN", TOKEN, "LIVEPIPE_RECONNECT_GRACE_SECONDS", "2",
                "LIVEPIPE_S3_ENDPOINT", s3.endpoint(), "LIVEPIPE_S3_ACCESS_KEY", s3.accessKey(),
                "LIVEPIPE_S3_SECRET_KEY", s3.secretKey(), "LIVEPIPE_S3_BUCKET", "outage")).start()) {
            LivepipeApi api = new LivepipeApi(server.httpBase(), TOKEN);
            JsonObject stream = api.createStream("Outage show");
            try (FfmpegPublisher p = FfmpegPublisher.synthetic(stream.getString("rtmpUrl") + "/"
                    + stream.getString("streamKey"), SyntheticStream.defaults(Duration.ofSeconds(80))).start()) {
                LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
                Thread.sleep(5000);
                s3.stop();
                Thread.sleep(62_000); // storage gone for more than a minute, live HLS goes on
                assertThat(HlsChecker.get(stream.getString("hlsUrl")).status()).isEqualTo(200);
                s3 = new S3ServerProcess(s3Dir, s3Port).start();
                assertThat(p.awaitCompletion(Duration.ofSeconds(60))).isTrue();
                assertThat(p.failure()).isEmpty();
            }
            JsonObject rec = awaitRecording(api, stream.getString("id"), Duration.ofSeconds(120));
            assertThat(rec.getString("status")).isEqualTo("complete");
            assertThat(rec.getDouble("durationSeconds")).isBetween(79.0, 81.0);
            HlsChecker.Report file = download(api, rec, tmp);
            assertThat(file.decodeErrors()).as("errors: %s", file.errors()).isZero();
            assertThat(file.videoSeconds()).isCloseTo(80.0, org.assertj.core.data.Offset.offset(1.0));
        } finally {
            s3.close();
        }
    }
}
