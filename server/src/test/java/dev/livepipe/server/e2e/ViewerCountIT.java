// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Viewer counting end to end: the service started as the README starts it, FFmpeg publishing
 * over RTMP for the whole test, 1,000 simulated HLS players ({@link SimulatedViewers}), and the
 * figures read back from {@code GET /api/streams/{id}/analytics} and {@code /metrics}.
 */
class ViewerCountIT {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerCountIT.class);
    private static final int VIEWERS = 1000;
    private static final int STOPPED = 300;
    private static final int IDLE_SECONDS = 10;

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_VIEWER_IDLE_SECONDS",
                String.valueOf(IDLE_SECONDS), "LIVEPIPE_RECORDING", "off")).start();
        api = new LivepipeApi(server.httpBase(), server.printedAdminToken());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static JsonObject analytics(String streamId) throws Exception {
        HttpResponse<String> r = api.send("GET", "/api/streams/" + streamId + "/analytics", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    /** Polls the analytics API until {@code condition} holds; returns the last answer and logs the wait. */
    private static JsonObject awaitAnalytics(String streamId, Duration timeout, String what,
                                             Predicate<JsonObject> condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        JsonObject last = analytics(streamId);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " not reached within " + timeout + "; last: " + last.copy()
                        .put("series", last.getJsonArray("series").size()));
            }
            Thread.sleep(500);
            last = analytics(streamId);
        }
        LOG.info("{} after {} ms: current={} peak={} unique={}", what, (System.nanoTime() - start) / 1_000_000,
                last.getInteger("currentViewers"), last.getInteger("peakViewers"), last.getLong("uniqueViewers"));
        return last;
    }

    private static boolean within(long value, long target, double fraction) {
        return Math.abs(value - target) <= target * fraction;
    }

    @Test
    void thousandHlsSessionsAreCountedAndStoppedOnesExpire() throws Exception {
        JsonObject stream = api.createStream("Popular show");
        String id = stream.getString("id");
        String hlsUrl = stream.getString("hlsUrl");
        SyntheticStream small = new SyntheticStream(160, 90, 15, Duration.ofSeconds(2), 100_000, 48_000, 1, 32_000,
                Duration.ofSeconds(240));
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(stream.getString("rtmpUrl") + "/"
                + stream.getString("streamKey"), small).start()) {
            // Our probe fetches only the multivariant playlist, without vs: not a viewer (a generated
            // session counts from its first media playlist or segment fetch), so only the fleet counts.
            LiveHls.awaitMediaPlaylist(hlsUrl, Duration.ofSeconds(30));
            try (SimulatedViewers fleet = new SimulatedViewers(hlsUrl, 128, Duration.ofSeconds(2))) {
                fleet.start(VIEWERS, Duration.ofSeconds(4));
                JsonObject full = awaitAnalytics(id, Duration.ofSeconds(45), "1000 viewers",
                        a -> within(a.getInteger("currentViewers"), VIEWERS, 0.02) && fleet.playing() >= VIEWERS * 0.98);
                assertThat(full.getBoolean("live")).isTrue();
                assertThat(full.getString("broadcastId")).isEqualTo(api.stream(id).getJsonObject("broadcast")
                        .getString("id"));
                // Held steady over a few reload cycles, not a transient.
                Thread.sleep(5000);
                JsonObject steady = analytics(id);
                assertThat(steady.getInteger("currentViewers")).isBetween(980, 1020);
                assertThat(steady.getLong("uniqueViewers")).isBetween(980L, (long) VIEWERS); // the probe is not one
                String metrics = new String(api.fetch(server.httpBase() + "/metrics").body(), StandardCharsets.UTF_8);
                Matcher gauge = Pattern.compile("(?m)^livepipe_stream_viewers\\{stream=\"" + Pattern.quote(id)
                        + "\"} ([0-9.E]+)$").matcher(metrics);
                assertThat(gauge.find()).as("viewer gauge in:\n%s", metrics).isTrue();
                assertThat(Double.parseDouble(gauge.group(1))).isBetween(980.0, 1020.0);
                assertThat(metrics).contains("livepipe_live_streams ", "livepipe_hls_segment_requests_total ",
                        "livepipe_stream_ingest_bits_per_second{stream=\"" + id + "\"}",
                        "livepipe_stream_sockets{stream=\"" + id + "\"}");

                long stoppedAt = System.nanoTime();
                fleet.stop(0, STOPPED);
                JsonObject fewer = awaitAnalytics(id, Duration.ofSeconds(60), "700 viewers",
                        a -> within(a.getInteger("currentViewers"), VIEWERS - STOPPED, 0.02));
                long tookMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                assertThat(tookMs).as("stopped sessions gone after the idle timeout, not before")
                        .isGreaterThanOrEqualTo(IDLE_SECONDS * 1000L - 2500);
                assertThat(fewer.getInteger("peakViewers")).isBetween(980, 1020);
                assertThat(fewer.getLong("uniqueViewers")).isBetween(980L, 1020L);

                // Everyone stops; once nothing is in flight the server's watch time equals the players'.
                fleet.stop(0, VIEWERS);
                long drain = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (fleet.inFlight.get() > 0 && System.nanoTime() < drain) {
                    Thread.sleep(100);
                }
                assertThat(fleet.inFlight.get()).isZero();
                JsonObject done = analytics(id);
                double served = fleet.watchedSeconds.sum();
                double counted = done.getDouble("watchTimeSeconds");
                LOG.info("segments fetched={} failures={} watch seconds: players {} server {}; average {} s; "
                                + "series {}", fleet.segmentsFetched.get(), fleet.failures.get(), served, counted,
                        done.getDouble("averageWatchSeconds"), done.getJsonArray("series"));
                assertThat(served).isGreaterThan(VIEWERS * 6.0); // at least three 2 s segments each
                assertThat(counted).isBetween(served * 0.99, served * 1.01 + 10);
                assertThat(done.getDouble("averageWatchSeconds"))
                        .isCloseTo(counted / done.getLong("uniqueViewers"), org.assertj.core.data.Offset.offset(0.01));
                assertThat(done.getJsonArray("series")).isNotEmpty();
                JsonObject minute = done.getJsonArray("series").getJsonObject(0);
                assertThat(minute.fieldNames()).contains("minute", "viewers", "peakViewers", "sockets", "chatMessages",
                        "reactions", "watchTimeSeconds");
            }

            // A plain player that knows nothing of vs (FFmpeg) still plays.
            HlsChecker.Report plain = HlsChecker.play(hlsUrl, HlsChecker.Options.defaults()
                    .withMaxVideoFrames(30).withTimeout(Duration.ofSeconds(30)));
            assertThat(plain.openError()).isEmpty();
            assertThat(plain.decodeErrors()).as("decode errors: %s", plain.errors()).isZero();
            assertThat(plain.videoFrames()).isGreaterThanOrEqualTo(30);
        }
        assertThat(api.send("GET", "/api/streams/" + id + "/analytics?broadcast=not-a-uuid", null).statusCode())
                .isEqualTo(400);
        assertThat(api.send("GET", "/api/streams/no-such-stream/analytics", null).statusCode()).isEqualTo(404);
        assertThat(new LivepipeApi(server.httpBase(), null).send("GET", "/api/streams/" + id + "/analytics", null)
                .statusCode()).isEqualTo(401);
    }
}
