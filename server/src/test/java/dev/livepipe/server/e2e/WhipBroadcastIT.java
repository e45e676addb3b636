// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.livepipe.testkit.HlsChecker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go live from the browser: headless Chromium with a fake camera and microphone publishes from
 * {@code /broadcast} over WHIP; FFmpeg reads the live HLS and decodes the video and the AAC audio.
 * Once with H.264 (passed through) and once with VP8 (transcoded by the server).
 */
class WhipBroadcastIT {

    private static final String TOKEN = "whip-test-token";

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_ADMIN_TOKEN", TOKEN,
                "LIVEPIPE_RECONNECT_GRACE_SECONDS", "2", "LIVEPIPE_WEBRTC_UDP_PORT", "0")).start();
        api = new LivepipeApi(server.httpBase(), TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h264", "vp8"})
    void chromiumPublishesAndFfmpegDecodesTheLiveHls(String codec) throws Exception {
        JsonObject stream = api.createStream("From the browser (" + codec + ")");
        assertThat(stream.getString("whipUrl")).isNotBlank().doesNotContain(stream.getString("streamKey"));
        try (HeadlessChromium chromium = new HeadlessChromium("--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection")) {
            var context = chromium.browser().newContext();
            context.grantPermissions(java.util.List.of("camera", "microphone"));
            Page page = context.newPage();
            page.navigate(server.httpBase() + "/broadcast?codec=" + codec);
            page.fill("#stream-key", stream.getString("streamKey"));
            page.click("#live-button");
            page.waitForSelector("#state[data-state=live]", new Page.WaitForSelectorOptions().setTimeout(20_000));
            assertThat(page.textContent("#watch-link")).contains("/watch/" + stream.getString("id"));

            String hlsUrl = stream.getString("hlsUrl");
            LiveHls.awaitMediaPlaylist(hlsUrl, Duration.ofSeconds(30));
            CompletableFuture<HlsChecker.Report> playing = CompletableFuture.supplyAsync(() -> HlsChecker.play(
                    hlsUrl, HlsChecker.Options.defaults().withTimeout(Duration.ofSeconds(60))));
            Thread.sleep(15_000); // publish for at least 15 s
            String reached = page.evaluate("() => { const s = document.getElementById('stats').dataset;"
                    + " return s.width + 'x' + s.height + '@' + s.fps; }").toString();
            JsonObject ingest = api.stream(stream.getString("id")).getJsonObject("broadcast").getJsonObject("ingest");
            assertThat(ingest.getString("protocol")).isEqualTo("whip");
            JsonObject transport = ingest.getJsonObject("transport");
            assertThat(transport.getLong("packetsReceived")).isPositive();
            assertThat(transport.getLong("keyframeRequests")).isPositive();
            assertThat(transport.fieldNames()).contains("packetsLost", "videoJitterMs", "nacksSent", "receiveBitrateBps");
            page.click("#stop-button");
            page.waitForSelector("#state[data-state=off]", new Page.WaitForSelectorOptions().setTimeout(10_000));

            HlsChecker.Report report = playing.get();
            System.out.printf("WHIP %s: browser sent %s; server saw %dx%d; decoded %d video, %d audio frames%n",
                    codec, reached, report.width(), report.height(), report.videoFrames(), report.audioFrames());
            assertThat(report.openError()).isEmpty();
            assertThat(report.decodeErrors()).as("decode errors: %s", report.errors()).isZero();
            assertThat(report.videoCodec()).isEqualTo("h264");
            // What a 2-core machine reaches while it also runs Chromium's encoder and FFmpeg's
            // decoder is printed above; 15 s at the frame rate Chromium keeps under that load.
            assertThat(report.videoFrames()).isGreaterThanOrEqualTo(100);
            assertThat(report.audioCodec()).isEqualTo("aac");
            assertThat(report.audioFrames()).isPositive();
            assertThat(report.width()).isGreaterThanOrEqualTo(640);
            assertThat(report.reachedEnd()).as("Stop ends the broadcast: ENDLIST").isTrue();
            context.close();
        }
    }
}
