// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages in headless Chromium: the live list links to the watch page, where hls.js plays. */
class WatchPageIT {

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_ADMIN_TOKEN", "watch-page-test-token"))
                .start();
        api = new LivepipeApi(server.httpBase(), "watch-page-test-token");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aViewerFindsTheStreamAndHlsJsPlaysIt() throws Exception {
        JsonObject stream = api.createStream("Sunday <b>concert</b>");
        String url = stream.getString("rtmpUrl") + "/" + stream.getString("streamKey");
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(url,
                     SyntheticStream.defaults(Duration.ofSeconds(40))).start();
             HeadlessChromium chromium = new HeadlessChromium()) {
            LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
            BrowserContext context = chromium.browser().newContext();
            Page page = context.newPage();
            page.navigate(server.httpBase() + "/");
            String card = "a.card[data-stream-id='" + stream.getString("id") + "']";
            page.waitForSelector(card, new Page.WaitForSelectorOptions().setTimeout(15_000));
            // The title is shown as text, not interpreted as HTML.
            assertThat(page.textContent(card)).contains("Sunday <b>concert</b>");
            assertThat(page.locator(card + " b").count()).isZero();
            page.click(card);
            page.waitForURL("**/watch/" + stream.getString("id"));

            page.waitForFunction("() => document.querySelector('video').currentTime > 2", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            double t1 = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
            Thread.sleep(2000);
            double t2 = ((Number) page.evaluate("() => document.querySelector('video').currentTime")).doubleValue();
            assertThat(t2).as("playback advances").isGreaterThan(t1 + 1);
            assertThat(page.textContent("#state")).isEqualTo("LIVE");
            assertThat(page.textContent("#title")).isEqualTo("Sunday <b>concert</b>");
            int width = ((Number) page.evaluate("() => document.querySelector('video').videoWidth")).intValue();
            assertThat(width).isEqualTo(640);
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "watch-page.png")));
            context.close();
        }
    }

    @Test
    void anUnknownStreamSaysSo() throws Exception {
        try (HeadlessChromium chromium = new HeadlessChromium()) {
            Page page = chromium.browser().newPage();
            page.navigate(server.httpBase() + "/watch/doesnotexist");
            page.waitForSelector("#title:has-text('Stream not found')",
                    new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(10_000));
            assertThat(page.textContent("#state")).isEqualTo("OFFLINE");
        }
    }
}
