// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven by Playwright, launched exactly like the
 * server's end-to-end test {@code HeadlessChromium} does (no browser download, sandbox off, fake
 * camera and microphone, loopback ICE allowed), publishing from Livepipe's {@code /broadcast}
 * page. A script injected before the page runs records, with {@code Date.now()}, when the page
 * POSTs the WHIP offer and when the answer comes back.
 */
public final class BrowserPublisher implements AutoCloseable {

    /** Where Debian's chromium package puts the binary. */
    public static final Path EXECUTABLE = Path.of(System.getProperty("livepipe.chromium", "/usr/bin/chromium"));

    private static final String FETCH_SPY = """
            (() => {
              const original = window.fetch;
              window.__whip = {};
              window.fetch = function (url, opts) {
                if (opts && opts.method === 'POST' && String(url).includes('/whip') && !window.__whip.post) {
                  window.__whip.post = Date.now();
                  return original.apply(this, arguments).then(r => { window.__whip.answer = Date.now(); return r; });
                }
                return original.apply(this, arguments);
              };
            })();
            """;

    private final Playwright playwright;
    private final Browser browser;

    public BrowserPublisher() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(List.of(
                        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                        "--autoplay-policy=no-user-gesture-required",
                        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                        "--allow-loopback-in-peer-connection")));
    }

    /** One publish: a fresh browser context on {@code /broadcast?codec=h264}. */
    public final class Session implements AutoCloseable {
        private final BrowserContext context;
        private final Page page;

        Session(String baseUrl) {
            context = browser.newContext();
            context.grantPermissions(List.of("camera", "microphone"));
            context.addInitScript(FETCH_SPY);
            page = context.newPage();
            page.navigate(baseUrl + "/broadcast?codec=h264");
        }

        /** Types the key and presses Go live; returns once the page says LIVE (ICE+DTLS connected). */
        public void goLive(String streamKey, double timeoutMillis) {
            page.fill("#stream-key", streamKey);
            page.click("#live-button");
            page.waitForSelector("#state[data-state=live]", new Page.WaitForSelectorOptions().setTimeout(timeoutMillis));
        }

        /** {@code [post, answer]} epoch ms as recorded in the page (0 if absent). */
        public long[] postAndAnswerMillis() {
            Object post = page.evaluate("() => window.__whip.post || 0");
            Object answer = page.evaluate("() => window.__whip.answer || 0");
            return new long[] {((Number) post).longValue(), ((Number) answer).longValue()};
        }

        /** What the page's stats show: {@code WxH@fps}. */
        public String sending() {
            return page.evaluate("() => { const s = document.getElementById('stats').dataset;"
                    + " return s.width + 'x' + s.height + '@' + s.fps; }").toString();
        }

        /** Presses Stop and waits briefly for OFFLINE; closes the context. */
        @Override
        public void close() {
            try {
                page.click("#stop-button", new Page.ClickOptions().setTimeout(5_000));
                page.waitForSelector("#state[data-state=off]", new Page.WaitForSelectorOptions().setTimeout(5_000));
            } catch (RuntimeException e) {
                // the context goes anyway
            } finally {
                context.close();
            }
        }
    }

    /** Opens a publish page against {@code baseUrl}. */
    public Session open(String baseUrl) {
        return new Session(baseUrl);
    }

    /** Chromium's version string. */
    public String version() {
        return browser.version();
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
