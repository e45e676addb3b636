// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.Scheduler;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.HlsChecker.HttpResult;
import dev.livepipe.testkit.SampleMedia;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Viewer session ids over real HTTP: the {@code vs} query in the multivariant playlist, the
 * per-request rewriting of the media playlist, the byte-identical plain responses, and what the
 * {@link HlsAccessListener} hears (including from FFmpeg, a plain player that sends no {@code vs}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HlsViewerSessionHttpTest {

    private static final PublisherInfo PUBLISHER = new PublisherInfo("test", "127.0.0.1:1", "SampleMedia");

    /** What the listener heard, as strings such as {@code playlist s1 b1 vs} and {@code segment … seq dur}. */
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private Vertx vertx;
    private HttpServer server;
    private HlsService hls;
    private Broadcasts broadcasts;
    private String base;
    private SampleMedia media;

    @BeforeAll
    void start() {
        media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(8));
        vertx = Vertx.vertx();
        Scheduler scheduler = (delay, task) -> {
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
            return () -> vertx.cancelTimer(id);
        };
        broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(10), 600), scheduler, Clock.systemUTC());
        hls = new HlsService(vertx, HlsConfig.of(Duration.ofSeconds(2), 4));
        broadcasts.addListener(hls);
        Router router = Router.router(vertx);
        hls.mount(router);
        hls.setAccessListener(new HlsAccessListener() { // after mount: the routes read it per request
            @Override
            public void onPlaylist(String streamId, String broadcastId, String session) {
                heard.add("playlist " + streamId + " " + broadcastId + " " + session);
            }

            @Override
            public void onSegment(String streamId, String broadcastId, String session, long seq, long micros) {
                heard.add("segment " + streamId + " " + broadcastId + " " + session + " " + seq + " " + micros);
            }
        });
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        base = "http://127.0.0.1:" + server.actualPort();
    }

    @AfterAll
    void stop() {
        broadcasts.endAll("test over");
        hls.stop().await();
        server.close().await();
        vertx.close().await();
    }

    private String index(String streamId) {
        return base + HlsPaths.multivariant(streamId);
    }

    @Test
    void sessionIdFollowsIntoMediaPlaylistsAndSegmentsAndPlainRequestsStayByteIdentical() throws Exception {
        Publication p = broadcasts.publish("vs", media.tracks(), PUBLISHER);
        String broadcastId = p.broadcast().id();
        SampleMedia.feed(media.firstSeconds(8), p::write, 20, 1_700_000_000_000L);
        HlsStream stream = hls.stream("vs").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (stream.snapshot().window().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertThat(stream.snapshot().window()).hasSizeGreaterThanOrEqualTo(3);

        // A player's own id is kept.
        HttpResult mine = HlsChecker.get(index("vs") + "?vs=viewer-0001");
        assertThat(mine.status()).isEqualTo(200);
        String variantUri = HlsChecker.parseMultivariant(mine.text()).getFirst().uri();
        assertThat(variantUri).isEqualTo(stream.token() + "/media.m3u8?vs=viewer-0001");
        // No id, or an invalid one: a new random one each time.
        String a = HlsChecker.parseMultivariant(HlsChecker.get(index("vs")).text()).getFirst().uri();
        String b = HlsChecker.parseMultivariant(HlsChecker.get(index("vs") + "?vs=bad!").text()).getFirst().uri();
        assertThat(a).matches(stream.token() + "/media\\.m3u8\\?vs=[A-Za-z0-9_-]{16}").isNotEqualTo(b);
        assertThat(b).matches(stream.token() + "/media\\.m3u8\\?vs=[A-Za-z0-9_-]{16}");

        String mediaUrl = HlsChecker.resolve(index("vs"), variantUri);
        HttpResult withSession = HlsChecker.get(mediaUrl);
        String plainUrl = mediaUrl.substring(0, mediaUrl.indexOf('?'));
        HttpResult plain = HlsChecker.get(plainUrl);
        String cached = stream.snapshot().mediaPlaylist();
        assertThat(plain.text()).isEqualTo(cached); // (unless a segment was added between the two reads)
        assertThat(withSession.header("cache-control")).isEqualTo(plain.header("cache-control"));
        HlsChecker.MediaPlaylistInfo info = HlsChecker.parseMediaPlaylist(withSession.text());
        assertThat(info.violations()).isEmpty();
        assertThat(info.segments()).allSatisfy(s -> assertThat(s.uri()).matches("seg-\\d+\\.m4s\\?vs=viewer-0001"));
        assertThat(info.segments().getFirst().map()).matches("init-\\d+\\.mp4\\?vs=viewer-0001");

        heard.clear();
        HlsChecker.PlaylistSegment first = info.segments().getFirst();
        HttpResult seg = HlsChecker.get(HlsChecker.resolve(mediaUrl, first.uri()));
        HttpResult plainSeg = HlsChecker.get(HlsChecker.resolve(plainUrl, first.uri().replace("?vs=viewer-0001", "")));
        assertThat(seg.status()).isEqualTo(200);
        assertThat(seg.body()).isEqualTo(plainSeg.body());
        assertThat(seg.header("cache-control")).isEqualTo(plainSeg.header("cache-control"))
                .contains("public, max-age=31536000, immutable");
        HlsChecker.request("HEAD", HlsChecker.resolve(mediaUrl, first.uri()), Map.of()); // not reported
        HlsChecker.get(HlsChecker.resolve(mediaUrl, first.map())); // init: not reported
        HlsChecker.get(HlsChecker.resolve(mediaUrl, "seg-999.m4s?vs=viewer-0001")); // 404: not reported
        Segment served = stream.snapshot().fetchable().get(first.sequence());
        assertThat(heard).containsExactly("segment vs " + broadcastId + " viewer-0001 " + first.sequence() + " "
                + served.durationMicros());

        heard.clear();
        HlsChecker.get(mediaUrl);
        HlsChecker.get(plainUrl); // no session: not reported
        HlsChecker.get(index("vs") + "?vs=viewer-0002");
        // A multivariant fetch without a valid vs (crawler, link preview, retry) is not a viewer: the
        // generated id only counts once a media playlist or segment is fetched with it.
        String generated = HlsChecker.parseMultivariant(HlsChecker.get(index("vs")).text()).getFirst().uri();
        HlsChecker.get(index("vs") + "?vs=bad!");
        assertThat(heard).containsExactly("playlist vs " + broadcastId + " viewer-0001",
                "playlist vs " + broadcastId + " viewer-0002");
        HlsChecker.get(HlsChecker.resolve(index("vs"), generated));
        String generatedId = generated.substring(generated.indexOf("vs=") + 3);
        assertThat(heard).containsExactly("playlist vs " + broadcastId + " viewer-0001",
                "playlist vs " + broadcastId + " viewer-0002", "playlist vs " + broadcastId + " " + generatedId);

        // A plain player (FFmpeg: no vs anywhere) still plays, under a session id it was handed.
        heard.clear();
        HlsChecker.Report report = HlsChecker.play(index("vs"), HlsChecker.Options.defaults()
                .withMaxVideoFrames(60).withTimeout(Duration.ofSeconds(20)));
        assertThat(report.clean()).as(report.toString()).isTrue();
        assertThat(report.videoFrames()).isGreaterThanOrEqualTo(60);
        assertThat(heard).anyMatch(h -> h.startsWith("segment vs " + broadcastId + " "));
        p.close();
    }
}
