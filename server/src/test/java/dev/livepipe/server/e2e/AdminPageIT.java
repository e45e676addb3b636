// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin page {@code /admin} in headless Chromium, driven the way a person uses it: sign in,
 * create a stream and copy its one-time key, rotate it, create a retention policy in days and
 * assign it, watch a broadcast become a recording, play it, hold it, see it in the upcoming
 * expiries, delete it; titles are always text. The steps share one server and one browser tab
 * and run in order. Every wait is bounded (15 s default, longer ones say so).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminPageIT {

    private static final String TOKEN = "admin-page-test-token";
    private static final String XSS = "<img src=x onerror=window.__xss=1>";
    private static final String TITLE = "Town hall " + XSS;

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;
    static HeadlessChromium chromium;
    static BrowserContext context;
    static Page page;
    static final List<String> pageErrors = new ArrayList<>();

    static String streamId;
    static String streamKey;
    static long policyId;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of(
                "LIVEPIPE_ADMIN_TOKEN", TOKEN, "LIVEPIPE_RECONNECT_GRACE_SECONDS", "2")).start();
        api = new LivepipeApi(server.httpBase(), TOKEN);
        chromium = new HeadlessChromium();
        context = chromium.browser().newContext(new Browser.NewContextOptions().setViewportSize(1280, 720));
        context.grantPermissions(List.of("clipboard-read", "clipboard-write"));
        page = context.newPage();
        page.setDefaultTimeout(15_000);
        page.onPageError(e -> pageErrors.add(e));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (context != null) {
                context.close();
            }
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
        assertThat(pageErrors).as("JavaScript errors on the page").isEmpty();
    }

    @Test
    @Order(1)
    void aBadTokenIsRefusedAndTheAdminTokenSignsIn() {
        page.navigate(server.httpBase() + "/admin");
        page.waitForSelector("#signin-form", visible());
        assertThat(page.isHidden("#app")).isTrue();

        page.fill("#token", "not-the-token");
        page.click("#signin-button");
        page.waitForSelector("#signin-message:has-text('not accepted')", visible());
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-signin.png")));
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);

        signIn();
        assertThat(page.isVisible("#sign-out")).isTrue();
        assertThat(page.evaluate("() => sessionStorage.getItem('livepipe.adminToken')")).isEqualTo(TOKEN);
        assertThat(page.evaluate("() => localStorage.length")).isEqualTo(0);
    }

    @Test
    @Order(2)
    void aNewStreamShowsItsKeyOnceWithTheObsSettingsAndRotates() throws Exception {
        api.createStream("Sunday concert");
        page.fill("#new-stream-title", TITLE);
        page.click("#new-stream-form button[type=submit]");
        page.waitForSelector("#key-box", visible());
        String shownKey = page.textContent("#key-box-key");
        String shownServer = page.textContent("#key-box-server");
        assertThat(page.textContent("#key-box-title")).isEqualTo("Stream key for “" + TITLE + "”");
        assertThat(page.textContent("#key-box")).contains("shown only this once");
        assertThat(shownKey).matches("[A-Za-z0-9_-]{20,}");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-key.png")));

        streamId = rowIdByTitle("#streams-table", "streamId", TITLE);
        JsonObject stored = api.stream(streamId);
        assertThat(stored.containsKey("streamKey")).as("GET never reveals a key").isFalse();
        assertThat(shownServer).isEqualTo(stored.getString("rtmpUrl"));

        page.click("#key-box [data-copy=key-box-key]");
        page.waitForSelector("#notice:has-text('Stream key copied')", visible());
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(shownKey);
        assertThat((String) page.evaluate("() => JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})"))
                .doesNotContain(shownKey);

        page.click("#key-box-done");
        page.waitForSelector("#key-box", hidden());
        assertThat(page.content()).doesNotContain(shownKey);

        // Rotate through the UI: a confirm dialog, then a new key, once.
        String row = "#streams-table tr[data-stream-id='" + streamId + "']";
        page.click(row + " [data-action=rotate]");
        page.waitForSelector("#confirm-dialog[open]", visible());
        assertThat(page.textContent("#confirm-message")).contains("“" + TITLE + "”");
        page.click("#confirm-ok");
        page.waitForSelector("#key-box", visible());
        streamKey = page.textContent("#key-box-key");
        assertThat(streamKey).matches("[A-Za-z0-9_-]{20,}").isNotEqualTo(shownKey);
        assertThat(page.textContent("#key-box-title")).isEqualTo("New stream key for “" + TITLE + "”");
        for (Object s : api.streams()) {
            assertThat(((JsonObject) s).containsKey("streamKey")).isFalse();
        }
        assertThat(api.stream(streamId).encode()).doesNotContain(streamKey).doesNotContain(shownKey);
        page.click("#key-box-done");

        assertThat(page.textContent(row + " .title")).isEqualTo(TITLE);
        assertThat(page.textContent(row + " [data-status]")).isEqualTo("OFFLINE");
        assertNoInjectedMarkup();
    }

    @Test
    @Order(3)
    void aPolicyIsCreatedInDaysEditedInlineAndAssignedToTheStream() throws Exception {
        page.click("#tab-retention");
        page.waitForSelector("#panel-retention", visible());
        page.fill("#new-policy-name", "One week");
        page.fill("#new-policy-days", "7");
        page.fill("#new-policy-description", "Kept for a week");
        page.click("#new-policy-form button[type=submit]");
        page.waitForSelector("#policies-table tr:has-text('One week')", visible());
        JsonObject policy = policyNamed("One week");
        policyId = policy.getLong("id");
        assertThat(policy.getLong("retentionSeconds")).isEqualTo(7 * 86400L);
        String row = "#policies-table tr[data-policy-id='" + policyId + "']";
        assertThat(page.textContent(row)).contains("7 days").contains("Kept for a week");
        assertThat(page.textContent("#policies-table")).contains("DEFAULT");

        // Inline edit: the description changes, the days stay.
        page.click(row + " [data-action=edit]");
        page.fill(row + " input[data-field=description]", "Town meetings, kept a week");
        page.click(row + " [data-action=save]");
        page.waitForSelector(row + " td:has-text('Town meetings, kept a week')", visible());
        assertThat(policyNamed("One week").getString("description")).isEqualTo("Town meetings, kept a week");
        assertThat(policyNamed("One week").getLong("retentionSeconds")).isEqualTo(7 * 86400L);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-retention.png")));

        // Assign it on the Streams tab.
        page.click("#tab-streams");
        String select = "#streams-table tr[data-stream-id='" + streamId + "'] select.policy-select";
        page.waitForSelector(select, visible());
        page.selectOption(select, Long.toString(policyId));
        page.waitForSelector("#notice:has-text('now uses the policy')", visible());
        JsonObject stream = api.stream(streamId);
        assertThat(stream.getLong("retentionPolicyId")).isEqualTo(policyId);
        assertThat(stream.getJsonObject("retentionPolicy").getString("name")).isEqualTo("One week");

        // A reload keeps the session (sessionStorage) and shows the assignment.
        page.reload();
        page.waitForSelector(select, visible());
        assertThat(page.inputValue(select)).isEqualTo(Long.toString(policyId));
    }

    @Test
    @Order(4)
    void aBroadcastBecomesARecordingThatPlaysIsHeldShowsInExpiriesAndIsDeleted() throws Exception {
        String streamRow = "#streams-table tr[data-stream-id='" + streamId + "']";
        // The key the page showed after rotation is the one that works.
        try (FfmpegPublisher publisher = FfmpegPublisher.synthetic(server.rtmpBase() + "/" + streamKey,
                SyntheticStream.defaults(Duration.ofSeconds(6))).start()) {
            refreshUntilVisible("#streams-refresh", streamRow + " [data-status=live]", Duration.ofSeconds(20));
            refreshUntilVisible("#streams-refresh", streamRow + " .ingest:has-text('640×360')", Duration.ofSeconds(5));
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page.png")));
            assertThat(publisher.awaitCompletion(Duration.ofSeconds(30))).isTrue();
            assertThat(publisher.failure()).isEmpty();
        }

        // The recording appears on the Recordings tab (the tab refreshes itself every 5 s).
        page.click("#tab-recordings");
        page.selectOption("#filter-stream", streamId);
        page.waitForSelector("#recordings-table [data-status=complete]", visible(60_000));
        String recordingId = (String) page.evaluate(
                "() => document.querySelector('#recordings-table tr[data-recording-id]').dataset.recordingId");
        String row = "#recordings-table tr[data-recording-id='" + recordingId + "']";
        assertThat(page.textContent(row + " .title")).isEqualTo(TITLE);
        assertThat(page.textContent(row)).contains("in 7 days");
        JsonObject rec = recording(recordingId);
        assertThat(Duration.between(Instant.parse(rec.getString("endedAt")), Instant.parse(rec.getString("expiresAt"))))
                .isEqualTo(Duration.ofDays(7));

        // Play: hls.js on the VOD playlist in the player dialog; time advances.
        page.click(row + " [data-action=play]");
        page.waitForSelector("#player-dialog[open]", visible());
        page.waitForFunction("() => document.getElementById('player-video').currentTime > 1", null,
                new Page.WaitForFunctionOptions().setTimeout(20_000));
        double t1 = currentTime();
        Thread.sleep(1500);
        assertThat(currentTime()).as("playback advances").isGreaterThan(t1 + 0.5);
        assertThat(page.getAttribute("#player-download", "href")).startsWith("http");
        page.click("#player-close");
        page.waitForSelector("#player-dialog", hidden());

        // Upcoming expiries: an expiry set (through the API) into the next 24 h shows up.
        var patch = api.send("PATCH", "/api/recordings/" + recordingId,
                new JsonObject().put("expiresAt", Instant.now().plus(Duration.ofHours(3)).toString()).encode());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        page.click("#tab-expiries");
        String expiryRow = "#expiries-table tr[data-recording-id='" + recordingId + "']";
        page.waitForSelector(expiryRow, visible());
        assertThat(page.textContent("#expiries-summary")).contains("1 recording").contains("next 24 hours");
        assertThat(page.textContent(expiryRow)).contains(TITLE).contains("in 3 h").contains("set by hand");
        page.selectOption("#expiry-window", "604800");
        page.waitForSelector("#expiries-summary:has-text('next 7 days')", visible());
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-expiries.png")));

        // Legal hold from the expiries list: it drops out of what retention will delete.
        page.click(expiryRow + " [data-action=hold]");
        page.waitForSelector("#expiries-summary:has-text('Nothing will be deleted')", visible());
        assertThat(recording(recordingId).getBoolean("legalHold")).isTrue();

        // Held: Delete now is disabled in the UI and refused by the API.
        page.click("#tab-recordings");
        page.waitForSelector(row + " input[data-action=hold]:checked", visible());
        assertThat(page.isDisabled(row + " [data-action=delete]")).isTrue();
        assertThat(api.send("DELETE", "/api/recordings/" + recordingId, null).statusCode()).isEqualTo(409);
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-recordings.png")));

        // Remove the hold, then Delete now (with a confirm): the recording is deleted.
        page.click(row + " input[data-action=hold]");
        page.waitForSelector(row + " [data-action=delete]:enabled", visible());
        assertThat(recording(recordingId).getBoolean("legalHold")).isFalse();
        page.click(row + " [data-action=delete]");
        page.waitForSelector("#confirm-dialog[open]", visible());
        page.click("#confirm-ok");
        page.waitForSelector(row + " [data-status=deleted]", visible(30_000));
        assertThat(recording(recordingId).getString("status")).isEqualTo("deleted");
        assertThat(page.isDisabled(row + " [data-action=play]")).isTrue();

        // The Activity tab tells the story.
        page.click("#tab-activity");
        page.waitForSelector("#activity-table td:has-text('recording.updated')", visible());
        assertThat(page.textContent("#activity-table")).contains("stream.created").contains("stream.key_rotated")
                .contains("retention_policy.created").contains("stream.updated");
        assertNoInjectedMarkup();
    }

    @Test
    @Order(5)
    void aNarrowWindowStacksTheTables() {
        page.click("#tab-streams");
        page.setViewportSize(420, 800);
        page.waitForSelector("#streams-table tr[data-stream-id='" + streamId + "']", visible());
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "admin-page-narrow.png")).setFullPage(true));
        Number overflow = (Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
        assertThat(page.isVisible("#streams-table tr[data-stream-id='" + streamId + "'] [data-action=rotate]")).isTrue();
        page.setViewportSize(1280, 720);
    }

    @Test
    @Order(6)
    void signOutAndARefusedTokenReturnToTheSignInBox() {
        page.click("#sign-out");
        page.waitForSelector("#signin-message:has-text('signed out')", visible());
        assertThat(page.isHidden("#app")).isTrue();
        assertThat(page.evaluate("() => sessionStorage.getItem('livepipe.adminToken')")).isNull();

        // A token that stops working mid-session (401) brings the sign-in box back.
        signIn();
        page.evaluate("() => sessionStorage.setItem('livepipe.adminToken', 'a-changed-token')");
        page.click("#tab-activity");
        page.waitForSelector("#signin-message:has-text('401')", visible());
        assertThat(page.isHidden("#app")).isTrue();
        assertNoInjectedMarkup();
    }

    private static void signIn() {
        page.fill("#token", TOKEN);
        page.click("#signin-button");
        page.waitForSelector("#streams-table", visible());
    }

    /** Clicks the tab's Refresh button until {@code selector} is visible (bounded). */
    private static void refreshUntilVisible(String refreshButton, String selector, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!page.isVisible(selector)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(selector + " not visible within " + timeout + "; page shows:\n"
                        + page.innerText("main"));
            }
            page.click(refreshButton);
            Thread.sleep(500);
        }
    }

    /** The titles were shown as text: no element was created from them and no handler ran. */
    private static void assertNoInjectedMarkup() {
        assertThat(page.evaluate("() => typeof window.__xss")).isEqualTo("undefined");
        assertThat(page.locator("main img, dialog img").count()).isZero();
    }

    private static String rowIdByTitle(String table, String key, String title) {
        Locator row = page.locator(table + " tbody tr").filter(new Locator.FilterOptions().setHasText(title));
        row.first().waitFor();
        return (String) row.first().evaluate("tr => tr.dataset." + key);
    }

    private static JsonObject policyNamed(String name) throws Exception {
        var r = api.send("GET", "/api/retention-policies", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (Object o : new JsonArray(r.body())) {
            JsonObject p = (JsonObject) o;
            if (name.equals(p.getString("name"))) {
                return p;
            }
        }
        throw new AssertionError("no policy " + name + " in " + r.body());
    }

    private static JsonObject recording(String id) throws Exception {
        var r = api.send("GET", "/api/recordings/" + id, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body());
    }

    private static double currentTime() {
        return ((Number) page.evaluate("() => document.getElementById('player-video').currentTime")).doubleValue();
    }

    private static Page.WaitForSelectorOptions visible() {
        return visible(15_000);
    }

    private static Page.WaitForSelectorOptions visible(double timeoutMs) {
        return new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE).setTimeout(timeoutMs);
    }

    private static Page.WaitForSelectorOptions hidden() {
        return new Page.WaitForSelectorOptions().setState(WaitForSelectorState.HIDDEN).setTimeout(15_000);
    }
}
