// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch page brings player, chat, reactions and the viewer count together, in headless
 * Chromium against the server started as the README starts it: a guest and a moderator (signed
 * in through a moderator link from the API) chat with each other, HTML in a message stays text,
 * the moderator deletes a message and it disappears for the guest, reactions float up on both
 * pages, both players count as viewers, and the admin page's analytics view charts it.
 */
class WatchChatIT {

    private static final String ADMIN_TOKEN = "watch-chat-test-token";

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_ADMIN_TOKEN", ADMIN_TOKEN,
                // The test's own playlist probe is a viewer too until it idles out.
                "LIVEPIPE_VIEWER_IDLE_SECONDS", "10")).start();
        api = new LivepipeApi(server.httpBase(), ADMIN_TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Page.WaitForSelectorOptions within(int millis) {
        return new Page.WaitForSelectorOptions().setTimeout(millis);
    }

    private static String chatLine(String text) {
        return "#chat-list li:has-text('" + text + "')";
    }

    @Test
    void guestAndModeratorChatReactAndModerate() throws Exception {
        JsonObject stream = api.createStream("Chat night");
        String id = stream.getString("id");
        HttpResponse<String> issued = api.send("POST", "/api/streams/" + id + "/viewer-tokens",
                new JsonObject().put("name", "Mod Maria").put("role", "moderator").encode());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        String modToken = new JsonObject(issued.body()).getString("token");
        String url = stream.getString("rtmpUrl") + "/" + stream.getString("streamKey");

        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(url,
                     SyntheticStream.defaults(Duration.ofSeconds(90))).start();
             HeadlessChromium chromium = new HeadlessChromium()) {
            LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
            BrowserContext guestContext = chromium.browser().newContext();
            BrowserContext modContext = chromium.browser().newContext();
            Page guest = guestContext.newPage();
            Page mod = modContext.newPage();
            guest.navigate(server.httpBase() + "/watch/" + id);
            mod.navigate(server.httpBase() + "/watch/" + id + "#token=" + modToken);
            guest.waitForSelector("#chat-input:enabled", within(20_000));
            mod.waitForSelector("#chat-input:enabled", within(20_000));

            // Identity: a generated guest name; the moderator's name and role from the token,
            // and the token is gone from the address bar.
            String guestName = guest.textContent("#chat-me");
            assertThat(guestName).matches("[A-Z][a-z]+ [A-Z][a-z]+ \\d{4}");
            assertThat(mod.textContent("#chat-me")).isEqualTo("Mod Maria (moderator)");
            assertThat(mod.url()).doesNotContain("token");
            assertThat(mod.isVisible("#mod-tools")).isTrue();
            assertThat(guest.isVisible("#mod-tools")).isFalse();

            // They chat with each other.
            guest.fill("#chat-input", "hello from the guest");
            guest.click("#chat-send");
            mod.waitForSelector(chatLine("hello from the guest"), within(5_000));
            mod.fill("#chat-input", "welcome, guest");
            mod.press("#chat-input", "Enter");
            guest.waitForSelector(chatLine("welcome, guest"), within(5_000));
            assertThat(guest.textContent(chatLine("welcome, guest") + " .who")).isEqualTo("Mod Maria");

            // Markup in a message is shown as text and never runs.
            String attack = "<img src=x onerror=\"window.__pwned=1\">";
            guest.fill("#chat-input", attack);
            guest.click("#chat-send");
            mod.waitForSelector("#chat-list li .text:text-is('" + attack.replace("'", "\\'") + "')", within(5_000));
            guest.waitForSelector("#chat-list li .text:text-is('" + attack.replace("'", "\\'") + "')", within(5_000));
            assertThat(mod.locator("#chat-list img").count()).isZero();
            assertThat(guest.locator("#chat-list img").count()).isZero();
            assertThat(mod.evaluate("() => window.__pwned === undefined")).isEqualTo(true);
            assertThat(guest.evaluate("() => window.__pwned === undefined")).isEqualTo(true);

            // The moderator deletes the guest's first message: it disappears for the guest.
            String first = chatLine("hello from the guest");
            mod.hover(first);
            mod.click(first + " .mod button:has-text('Delete')");
            guest.waitForSelector(first, new Page.WaitForSelectorOptions()
                    .setState(WaitForSelectorState.DETACHED).setTimeout(5_000));
            mod.waitForSelector(first, new Page.WaitForSelectorOptions()
                    .setState(WaitForSelectorState.DETACHED).setTimeout(5_000));
            assertThat(guest.isVisible(chatLine("welcome, guest"))).isTrue();

            // Reactions float up on both pages.
            for (int i = 0; i < 3; i++) {
                guest.click("#reactions button[data-reaction='fire']");
            }
            mod.waitForSelector(".reaction-float[data-reaction='fire']",
                    within(5_000).setState(WaitForSelectorState.ATTACHED));
            guest.waitForSelector(".reaction-float[data-reaction='fire']",
                    within(5_000).setState(WaitForSelectorState.ATTACHED));

            // Both players are viewers, counted from their HLS requests (once the probe that
            // waited for the playlist above has idled out).
            guest.waitForFunction("() => document.querySelector('video').currentTime > 1", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            mod.waitForFunction("() => document.querySelector('video').currentTime > 1", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            guest.waitForFunction("() => document.getElementById('viewer-count').textContent === '2'", null,
                    new Page.WaitForFunctionOptions().setTimeout(30_000));
            guest.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "watch-chat-guest.png")));
            mod.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "watch-chat-moderator.png")));

            // The admin page's analytics view shows the broadcast with its chart.
            Page admin = chromium.browser().newContext().newPage();
            admin.navigate(server.httpBase() + "/admin");
            admin.fill("#token", ADMIN_TOKEN);
            admin.click("#signin-button");
            admin.click("#tab-analytics");
            admin.waitForSelector("#analytics-body", within(15_000).setState(WaitForSelectorState.VISIBLE));
            admin.selectOption("#analytics-stream", id);
            admin.waitForFunction("() => Number(document.getElementById('an-chat').textContent) >= 3"
                    + " && Number(document.getElementById('an-unique').textContent) >= 2", null,
                    new Page.WaitForFunctionOptions().setTimeout(20_000));
            assertThat(admin.locator("#chart-viewers canvas").count()).isEqualTo(1);
            assertThat(admin.locator("#chart-engagement canvas").count()).isEqualTo(1);
            assertThat(Integer.parseInt(admin.textContent("#an-reactions"))).isGreaterThanOrEqualTo(3);
            admin.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-analytics.png")));
            guestContext.close();
            modContext.close();
        }
    }
}
