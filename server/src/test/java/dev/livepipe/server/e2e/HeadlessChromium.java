// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright, offline: no browser download, no background network,
 * sandbox off (tests run as root), autoplay allowed for players, fake media devices for WebRTC.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's chromium package puts the binary; {@code .ci/run} installs it. */
    public static final Path EXECUTABLE = Path.of(System.getProperty("livepipe.chromium", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    public HeadlessChromium(String... extraArgs) {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        List<String> args = new ArrayList<>(List.of(
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                "--autoplay-policy=no-user-gesture-required"));
        args.addAll(List.of(extraArgs));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE).setHeadless(true).setArgs(args));
    }

    public Browser browser() {
        return browser;
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
