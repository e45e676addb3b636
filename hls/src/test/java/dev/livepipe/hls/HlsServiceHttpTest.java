// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.Scheduler;
import dev.livepipe.mux.AvioCollector;
import dev.livepipe.mux.CmafMuxer;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.HlsChecker.HttpResult;
import dev.livepipe.testkit.HlsChecker.MediaPlaylistInfo;
import dev.livepipe.testkit.SampleMedia;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HLS path on a loopback HTTP server: a real {@link Broadcasts} hub fed with encoded
 * SampleMedia, {@link HlsService} mounted on Vert.x Web, read back with plain HTTP and with
 * FFmpeg's HLS demuxer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HlsServiceHttpTest {

    private static final Logger LOG = LoggerFactory.getLogger(HlsServiceHttpTest.class);
    private static final PublisherInfo PUBLISHER = new PublisherInfo("test", "127.0.0.1:1", "SampleMedia");
    private static final double SPEED = 10; // ten times real time; timestamps, not pacing, drive PDT and EXTINF
    private static final int WINDOW = 4;

    private Vertx vertx;
    private HttpServer server;
    private HlsService hls;
    private Broadcasts broadcasts;
    private String base;
    private SampleMedia media;
    private final List<SegmentTiming> timings = new CopyOnWriteArrayList<>();
    private final List<Long> firstPlaylist = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(12));
        vertx = Vertx.vertx();
        Scheduler scheduler = (delay, task) -> {
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
            return () -> vertx.cancelTimer(id);
        };
        broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(10), 600), scheduler, Clock.systemUTC());
        hls = new HlsService(vertx, HlsConfig.of(Duration.ofSeconds(2), WINDOW).withEndedLinger(Duration.ofSeconds(6)));
        hls.addMetrics(new HlsMetrics() {
            @Override public void onSegment(SegmentTiming t) { timings.add(t); }
            @Override public void onFirstPlaylist(String s, String b, long nanos) { firstPlaylist.add(nanos); }
        });
        broadcasts.addListener(hls);
        hls.start().await();
        Router router = Router.router(vertx);
        hls.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    void stop() {
        broadcasts.endAll("test over");
        hls.stop().await();
        assertThat(CmafMuxer.openCount()).as("muxers left open").isZero();
        assertThat(AvioCollector.openCount()).as("AVIO contexts left open").isZero();
        server.close().await();
        vertx.close().await();
        logLatency();
    }

    private void logLatency() {
        long[] lat = timings.stream().filter(t -> !t.tail()).mapToLong(SegmentTiming::latencyNanos).sorted().toArray();
        long[] mux = timings.stream().mapToLong(SegmentTiming::muxNanos).sorted().toArray();
        if (lat.length > 0) {
            LOG.info("segments={} (+{} tails) latency(last AU arrival -> fetchable) p50={} ms p99={} ms; mux per segment p50={} ms "
                            + "p99={} ms; first playlist after start: {} ms", lat.length, timings.size() - lat.length, ms(pct(lat, 50)), ms(pct(lat, 99)),
                    ms(pct(mux, 50)), ms(pct(mux, 99)), firstPlaylist.stream().map(HlsServiceHttpTest::ms).toList());
        }
    }

    private static long pct(long[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }

    // ------------------------------------------------------------------ helpers

    private Publication publish(String streamId, SampleMedia m) {
        return broadcasts.publish(streamId, m.tracks(), PUBLISHER);
    }

    private static void feed(Publication p, SampleMedia m, double seconds, long wallBase) {
        SampleMedia.feed(m.firstSeconds(seconds), p::write, SPEED, wallBase);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private String index(String streamId) {
        return base + HlsPaths.multivariant(streamId);
    }

    /**
     * The media playlist URL the multivariant playlist points at, without its viewer session
     * query: a plain request, answered with the cached playlist (HlsViewerSessionHttpTest covers
     * the per-session one).
     */
    private String mediaUrl(String streamId) {
        HttpResult r = HlsChecker.get(index(streamId));
        assertThat(r.status()).isEqualTo(200);
        String url = HlsChecker.resolve(index(streamId), HlsChecker.parseMultivariant(r.text()).getFirst().uri());
        return url.substring(0, url.indexOf('?'));
    }

    private static MediaPlaylistInfo playlist(String url) {
        return HlsChecker.fetchMediaPlaylist(url);
    }

    private static boolean hasSegments(String url, int n) {
        HttpResult r = HlsChecker.get(url);
        return r.status() == 200 && HlsChecker.parseMediaPlaylist(r.text()).segments().size() >= n;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void liveBroadcastIsServedAndPlaysInFfmpeg() {
        Publication p = publish("live", media);
        long wallBase = 1_700_000_000_000L;
        // Asked before any segment exists: the request waits for the first one instead of failing.
        CompletableFuture<HttpResult> early = CompletableFuture.supplyAsync(() -> HlsChecker.get(index("live")));
        feed(p, media, 12, wallBase);

        HttpResult multivariant = early.join();
        assertThat(multivariant.status()).isEqualTo(200);
        assertThat(multivariant.header("content-type")).contains(HlsRoutes.PLAYLIST_TYPE);
        assertThat(multivariant.header("cache-control")).contains("max-age=1");
        assertThat(multivariant.header("access-control-allow-origin")).contains("*");
        HlsChecker.VariantEntry variant = HlsChecker.parseMultivariant(multivariant.text()).getFirst();
        assertThat(variant.attributes()).containsEntry("CODECS", "avc1.42c01e,mp4a.40.2")
                .containsEntry("RESOLUTION", "640x360").containsEntry("FRAME-RATE", "30.000");
        assertThat(Long.parseLong(variant.attributes().get("BANDWIDTH")))
                .isGreaterThanOrEqualTo(Long.parseLong(variant.attributes().get("AVERAGE-BANDWIDTH"))).isGreaterThan(100_000);
        assertThat(variant.uri()).matches("[A-Za-z0-9_-]{16}/media\\.m3u8\\?vs=[A-Za-z0-9_-]{16}");

        String mediaUrl = mediaUrl("live");
        await("5 segments", Duration.ofSeconds(15), () -> hasSegments(mediaUrl, WINDOW)
                && playlist(mediaUrl).mediaSequence() == 1);
        HttpResult mediaResponse = HlsChecker.get(mediaUrl);
        assertThat(mediaResponse.header("content-type")).contains(HlsRoutes.PLAYLIST_TYPE);
        MediaPlaylistInfo live = HlsChecker.parseMediaPlaylist(mediaResponse.text());
        assertThat(live.violations()).isEmpty();
        assertThat(live.version()).isEqualTo(7);
        assertThat(live.targetDuration()).isEqualTo(2);
        assertThat(live.independentSegments()).isTrue();
        assertThat(live.endList()).isFalse();
        assertThat(live.segments()).hasSize(WINDOW);
        assertThat(live.segments()).extracting(HlsChecker.PlaylistSegment::uri)
                .containsExactly("seg-1.m4s", "seg-2.m4s", "seg-3.m4s", "seg-4.m4s");
        assertThat(live.durations()).allMatch(d -> Math.abs(d - 2.0) < 0.01);
        assertThat(live.segments().getFirst().programDateTime().toInstant()).isEqualTo(Instant.ofEpochMilli(wallBase + 2000));
        assertThat(live.segments().getFirst().map()).isEqualTo("init-0.mp4");

        HttpResult init = HlsChecker.get(HlsChecker.resolve(mediaUrl, "init-0.mp4"));
        HttpResult seg = HlsChecker.get(HlsChecker.resolve(mediaUrl, "seg-2.m4s"));
        HttpResult slidOut = HlsChecker.get(HlsChecker.resolve(mediaUrl, "seg-0.m4s"));
        for (HttpResult r : List.of(init, seg, slidOut)) {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).contains("video/mp4");
            assertThat(r.header("cache-control")).contains("public, max-age=31536000, immutable");
            assertThat(r.header("access-control-allow-origin")).contains("*");
        }
        assertThat(new String(Arrays.copyOfRange(init.body(), 4, 8))).isEqualTo("ftyp");
        assertThat(new String(Arrays.copyOfRange(seg.body(), 4, 8))).isEqualTo("moof");
        HttpResult head = HlsChecker.request("HEAD", HlsChecker.resolve(mediaUrl, "seg-2.m4s"), Map.of());
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).contains(String.valueOf(seg.body().length));
        HttpResult preflight = HlsChecker.request("OPTIONS", mediaUrl, Map.of("Origin", "http://example.org",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "range"));
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).contains("*");
        assertThat(preflight.header("access-control-allow-methods")).hasValueSatisfying(v -> assertThat(v).contains("GET"));
        assertThat(preflight.header("access-control-allow-headers")).contains("range");

        // FFmpeg's HLS demuxer on the live playlist (no ENDLIST), from the first listed segment.
        HlsChecker.Report liveRead = HlsChecker.play(index("live"), HlsChecker.Options.defaults()
                .withMaxVideoFrames(200).withTimeout(Duration.ofSeconds(20)));
        LOG.info("live read: {}", liveRead);
        assertThat(liveRead.clean()).as(liveRead.toString()).isTrue();
        assertThat(liveRead.videoFrames()).isGreaterThanOrEqualTo(200);
        assertThat(liveRead.audioFrames()).isGreaterThan(250);
        assertThat(liveRead.firstVideoKeyframe()).isTrue();
        assertThat(liveRead.width()).isEqualTo(640);
        assertThat(liveRead.height()).isEqualTo(360);
        assertThat(liveRead.sampleRate()).isEqualTo(48000);
        assertThat(liveRead.channels()).isEqualTo(2);

        // Ending flushes the tail and writes EXT-X-ENDLIST; the ended playlist stays served.
        broadcasts.end("live", "test");
        await("ENDLIST", Duration.ofSeconds(5), () -> playlist(mediaUrl).endList());
        MediaPlaylistInfo ended = playlist(mediaUrl);
        assertThat(ended.violations()).isEmpty();
        assertThat(ended.segments()).extracting(HlsChecker.PlaylistSegment::sequence).containsExactly(2L, 3L, 4L, 5L);
        assertThat(HlsChecker.get(mediaUrl).header("cache-control")).contains("max-age=10");
        HlsChecker.Report full = HlsChecker.play(index("live"), HlsChecker.Options.defaults()
                .withTimeout(Duration.ofSeconds(20)));
        LOG.info("ended read: {}", full);
        assertThat(full.clean()).as(full.toString()).isTrue();
        assertThat(full.reachedEnd()).isTrue();
        assertThat(full.videoFrames()).isEqualTo(4 * 60);
        assertThat(full.videoSeconds()).isBetween(7.9, 8.1);

        assertThat(hls.describe().getJsonArray("streams").stream().map(Object::toString).toList())
                .anyMatch(s -> s.contains("\"streamId\":\"live\"") && s.contains("\"latency\""));
        assertThat(firstPlaylist).isNotEmpty();
    }

    @Test
    void reconnectWithinGraceMarksADiscontinuityAndNeverAnswers404() throws Exception {
        Publication first = publish("re", media);
        String broadcastId = first.broadcast().id();
        feed(first, media, 6, 1_700_000_000_000L);
        String mediaUrl = mediaUrl("re");
        await("2 segments", Duration.ofSeconds(10), () -> hasSegments(mediaUrl, 2));

        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread poller = Thread.ofPlatform().name("hls-poller").start(() -> {
            while (polling.get()) {
                HttpResult idx = HlsChecker.get(index("re"));
                HttpResult pl = HlsChecker.get(mediaUrl);
                if (idx.status() != 200 || pl.status() != 200) {
                    failures.add("playlist " + idx.status() + "/" + pl.status());
                    continue;
                }
                for (HlsChecker.PlaylistSegment s : HlsChecker.parseMediaPlaylist(pl.text()).segments()) {
                    for (String uri : new String[] {s.uri(), s.map()}) {
                        int status = HlsChecker.get(HlsChecker.resolve(mediaUrl, uri)).status();
                        if (status != 200) {
                            failures.add(uri + " -> " + status);
                        }
                    }
                }
            }
        });

        first.close(); // the publisher drops; the grace window runs
        await("tail flushed", Duration.ofSeconds(5), () -> hasSegments(mediaUrl, 3));
        Thread.sleep(300);
        Publication second = publish("re", media);
        assertThat(second.broadcast().id()).isEqualTo(broadcastId);
        feed(second, media, 4.5, 1_700_000_060_000L); // segments 3 and 4: the discontinuity is in the window
        await("first segments after the reconnect", Duration.ofSeconds(10), () -> hasSegments(mediaUrl, 4)
                && playlist(mediaUrl).segments().getLast().sequence() == 4);
        MediaPlaylistInfo during = playlist(mediaUrl);
        assertThat(during.violations()).isEmpty();
        assertThat(during.segments()).extracting(HlsChecker.PlaylistSegment::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(during.discontinuitySequence()).isZero();
        assertThat(during.discontinuityIndices()).containsExactly(2);
        HlsChecker.PlaylistSegment afterGap = during.segments().get(2);
        assertThat(afterGap.map()).isEqualTo("init-1.mp4");
        assertThat(afterGap.discontinuitySequence()).isEqualTo(1);
        assertThat(afterGap.programDateTime().toInstant()).isEqualTo(Instant.ofEpochMilli(1_700_000_060_000L));
        assertThat(during.segments().get(1).map()).isEqualTo("init-0.mp4");

        // Another reconnect, then enough media that both tagged segments slide out of the window.
        second.close(); // flushes segment 5 (the 0.5 s tail)
        await("tail of the second session", Duration.ofSeconds(5), () -> playlist(mediaUrl).segments().getLast().sequence() == 5);
        Publication third = publish("re", media);
        feed(third, media, 10, 1_700_000_120_000L); // segments 6 (tagged), 7, 8, 9
        third.close(); // flushes segment 10
        await("discontinuities slid out", Duration.ofSeconds(15), () -> playlist(mediaUrl).mediaSequence() == 7);
        MediaPlaylistInfo later = playlist(mediaUrl);
        assertThat(later.violations()).isEmpty();
        assertThat(later.segments()).extracting(HlsChecker.PlaylistSegment::sequence).containsExactly(7L, 8L, 9L, 10L);
        assertThat(later.discontinuitySequence()).isEqualTo(2);
        assertThat(later.tags()).doesNotContain("EXT-X-DISCONTINUITY");
        assertThat(later.segments()).allMatch(s -> "init-2.mp4".equals(s.map()));
        assertThat(later.segments()).allMatch(s -> s.discontinuitySequence() == 2);
        // Slid-out segments stay fetchable for one more window.
        assertThat(HlsChecker.get(HlsChecker.resolve(mediaUrl, "seg-5.m4s")).status()).isEqualTo(200);
        assertThat(HlsChecker.get(HlsChecker.resolve(mediaUrl, "init-1.mp4")).status()).isEqualTo(200);

        polling.set(false);
        poller.join(5000);
        assertThat(failures).isEmpty();
    }

    @Test
    void newBroadcastGetsANewTokenAndOldUrisNeverServeItsSegments() {
        SampleMedia other = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(5).withSize(320, 240));
        Publication p = publish("nb", media);
        feed(p, media, 4.5, 1_700_000_000_000L);
        String oldMedia = mediaUrl("nb");
        await("2 segments", Duration.ofSeconds(10), () -> hasSegments(oldMedia, 2));
        broadcasts.end("nb", "test");
        await("ENDLIST", Duration.ofSeconds(5), () -> playlist(oldMedia).endList());
        byte[] oldSeg0 = HlsChecker.get(HlsChecker.resolve(oldMedia, "seg-0.m4s")).body();

        Publication next = publish("nb", other);
        feed(next, other, 4.5, 1_700_000_100_000L);
        String newMedia = mediaUrl("nb");
        assertThat(newMedia).isNotEqualTo(oldMedia);
        await("2 new segments", Duration.ofSeconds(10), () -> hasSegments(newMedia, 2));
        byte[] newSeg0 = HlsChecker.get(HlsChecker.resolve(newMedia, "seg-0.m4s")).body();
        assertThat(newSeg0).isNotEqualTo(oldSeg0);
        // The old token still serves the old broadcast (lingering with ENDLIST), never the new one.
        HttpResult stale = HlsChecker.get(HlsChecker.resolve(oldMedia, "seg-0.m4s"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(oldSeg0);
        assertThat(playlist(oldMedia).endList()).isTrue();
        assertThat(HlsChecker.parseMultivariant(HlsChecker.get(index("nb")).text()).getFirst().attributes())
                .containsEntry("RESOLUTION", "320x240");
        // After the linger time the old broadcast is gone: 404, while the new one is served.
        await("old broadcast dropped", Duration.ofSeconds(15),
                () -> HlsChecker.get(HlsChecker.resolve(oldMedia, "seg-0.m4s")).status() == 404);
        assertThat(HlsChecker.get(oldMedia).status()).isEqualTo(404);
        assertThat(HlsChecker.get(HlsChecker.resolve(newMedia, "seg-0.m4s")).status()).isEqualTo(200);
        // Its segments' native memory is freed: what is left is the new broadcast's fetchable segments.
        await("old segments freed", Duration.ofSeconds(5), () -> hls.segmentMemory().liveSegments()
                == hls.stream("nb").orElseThrow().snapshot().fetchable().size());
        assertThat(hls.describe().getJsonObject("segmentMemory").getLong("bytes"))
                .isEqualTo(hls.stream("nb").orElseThrow().snapshot().fetchable().values().stream()
                        .mapToLong(x -> x.bytes().length()).sum());
        next.close();
    }

    @Test
    void unknownThingsAre404WithCorsAndNoCache() {
        List<String> urls = new ArrayList<>(List.of(index("nobody"), base + "/hls/nobody/tok/media.m3u8",
                base + "/hls/nobody/tok/seg-0.m4s"));
        Publication p = publish("known", media);
        feed(p, media, 2.5, 1_700_000_000_000L);
        String mediaUrl = mediaUrl("known");
        urls.addAll(List.of(base + "/hls/known/AAAAAAAAAAAAAAAA/media.m3u8", HlsChecker.resolve(mediaUrl, "seg-99.m4s"),
                HlsChecker.resolve(mediaUrl, "init-7.mp4"), HlsChecker.resolve(mediaUrl, "seg-x.m4s"),
                HlsChecker.resolve(mediaUrl, "other.txt")));
        for (String url : urls) {
            HttpResult r = HlsChecker.get(url);
            assertThat(r.status()).as(url).isEqualTo(404);
            assertThat(r.header("cache-control")).as(url).contains("no-cache");
            assertThat(r.header("access-control-allow-origin")).as(url).contains("*");
        }
        p.close();
    }
}
