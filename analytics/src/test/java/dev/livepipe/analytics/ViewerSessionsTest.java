// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Session counting with an injected clock: idle expiry, peak, unique, watch time dedupe. */
class ViewerSessionsTest {

    private static final Duration IDLE = Duration.ofSeconds(30);
    private final TestClock clock = new TestClock(Instant.parse("2026-05-01T12:00:00Z"));
    private final ViewerSessions sessions = new ViewerSessions(IDLE, clock);

    @Test
    void aSessionStaysCurrentWhileItFetchesAndIsGoneAfterTheIdleTimeout() {
        sessions.playlist("aaaaaaaa");
        sessions.playlist("bbbbbbbb");
        assertThat(sessions.current()).isEqualTo(2);
        for (int i = 0; i < 20; i++) { // a keeps reloading every 2 s for 40 s; b stopped
            clock.advance(Duration.ofSeconds(2));
            sessions.playlist("aaaaaaaa");
            sessions.expire();
            if (i < 14) {
                assertThat(sessions.current()).as("after %d s", 2 * (i + 1)).isEqualTo(2);
            }
        }
        assertThat(sessions.current()).isEqualTo(1);
        clock.advance(IDLE.minusMillis(1));
        assertThat(sessions.expire()).isZero();
        assertThat(sessions.current()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(sessions.expire()).isEqualTo(1);
        assertThat(sessions.current()).isZero();
        assertThat(sessions.peak()).isEqualTo(2);
        assertThat(sessions.unique()).isEqualTo(2);
    }

    @Test
    void expiryDropsExactlyTheIdleOnesWhateverTheOrderOfFetches() {
        for (int i = 0; i < 1000; i++) {
            sessions.playlist("viewer-" + i);
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(sessions.current()).isEqualTo(1000);
        // The first 300 stop; the others fetch again (in reverse order).
        clock.advance(Duration.ofSeconds(5));
        for (int i = 999; i >= 300; i--) {
            sessions.segment("viewer-" + i, 1, 2_000_000);
        }
        clock.advance(Duration.ofSeconds(25).minusSeconds(10).plusMillis(1)); // 30 s after viewer-0's fetch
        sessions.expire();
        assertThat(sessions.current()).isBetween(700, 1000);
        clock.advance(Duration.ofSeconds(10));
        sessions.expire();
        assertThat(sessions.current()).isEqualTo(700);
        assertThat(sessions.peak()).isEqualTo(1000);
        assertThat(sessions.unique()).isEqualTo(1000);
    }

    @Test
    void aReturningSessionIsCurrentAgainButNotANewUniqueViewer() {
        sessions.playlist("returner");
        clock.advance(Duration.ofMinutes(2));
        sessions.expire();
        assertThat(sessions.current()).isZero();
        sessions.segment("returner", 7, 2_000_000);
        assertThat(sessions.current()).isEqualTo(1);
        assertThat(sessions.unique()).isEqualTo(1);
    }

    @Test
    void watchTimeCountsEachDistinctSegmentOncePerSession() {
        assertThat(sessions.segment("s1-xxxxx", 10, 2_000_000)).isEqualTo(2_000_000);
        assertThat(sessions.segment("s1-xxxxx", 10, 2_000_000)).isZero(); // re-fetch
        assertThat(sessions.segment("s1-xxxxx", 11, 1_500_000)).isEqualTo(1_500_000);
        assertThat(sessions.segment("s1-xxxxx", 9, 2_000_000)).isEqualTo(2_000_000); // older, not yet seen
        assertThat(sessions.segment("s1-xxxxx", 9, 2_000_000)).isZero();
        assertThat(sessions.segment("s1-xxxxx", 11, 1_500_000)).isZero();
        assertThat(sessions.segment("s2-xxxxx", 10, 2_000_000)).isEqualTo(2_000_000); // another session
        assertThat(sessions.segment("s2-xxxxx", 10, 0)).isZero();
        assertThat(sessions.watchedMicros()).isEqualTo(7_500_000);
    }

    @Test
    void dedupeSurvivesJumpsAndLongBroadcasts() {
        long credited = 0;
        for (long seq = 0; seq < 5000; seq++) { // a 2.8-hour broadcast, each segment fetched twice
            credited += sessions.segment("long-run", seq, 2_000_000);
            credited += sessions.segment("long-run", seq, 2_000_000);
            if (seq >= 3) {
                credited += sessions.segment("long-run", seq - 3, 2_000_000); // a late re-fetch
            }
        }
        assertThat(credited).isEqualTo(5000L * 2_000_000);
        // A jump of exactly 64 and of more: the old newest is still known / forgotten.
        ViewerSession s = new ViewerSession("x");
        assertThat(s.credit(100)).isTrue();
        assertThat(s.credit(164)).isTrue();
        assertThat(s.credit(100)).isFalse();
        assertThat(s.credit(130)).isTrue();
        assertThat(s.credit(300)).isTrue();
        assertThat(s.credit(164)).isFalse(); // more than 64 back: treated as credited
        assertThat(s.credit(299)).isTrue();
        assertThat(s.credit(-1)).isFalse();
    }

    @Test
    void newIdsBeyondTheConcurrentCapAreNotCounted() {
        ViewerSessions capped = new ViewerSessions(IDLE, clock, 3, 100);
        for (int i = 0; i < 5; i++) {
            capped.playlist("viewer-" + i);
        }
        assertThat(capped.current()).isEqualTo(3);
        assertThat(capped.unique()).isEqualTo(3);
        assertThat(capped.peak()).isEqualTo(3);
        assertThat(capped.rejected()).isEqualTo(2);
        assertThat(capped.segment("viewer-4", 1, 2_000_000)).isZero(); // not counted: no watch time either
        assertThat(capped.segment("viewer-0", 1, 2_000_000)).isEqualTo(2_000_000); // current ones still are
        clock.advance(IDLE);
        capped.expire();
        capped.playlist("viewer-4"); // room again
        assertThat(capped.current()).isEqualTo(1);
        assertThat(capped.unique()).isEqualTo(4);
    }

    @Test
    void expiredSessionsLeaveOnlyTheirIdAndStayKnownWhenTheyReturn() {
        for (int i = 0; i < 20_000; i++) { // a script with random ids: one request each
            sessions.segment(String.format("random-%08d", i), 5, 2_000_000);
        }
        assertThat(sessions.current()).isEqualTo(20_000);
        clock.advance(IDLE);
        assertThat(sessions.expire()).isEqualTo(20_000);
        assertThat(sessions.current()).isZero();
        assertThat(sessions.remembered()).isEqualTo(20_000); // no ViewerSession objects left
        assertThat(sessions.unique()).isEqualTo(20_000);
        assertThat(sessions.watchedMicros()).isEqualTo(20_000L * 2_000_000); // watch time stays in the totals

        // A returning id: current again, not a new unique viewer, not credited again for what it had.
        assertThat(sessions.segment("random-00000007", 5, 2_000_000)).isZero();
        assertThat(sessions.segment("random-00000007", 4, 2_000_000)).isZero();
        assertThat(sessions.segment("random-00000007", 6, 2_000_000)).isEqualTo(2_000_000);
        assertThat(sessions.current()).isEqualTo(1);
        assertThat(sessions.unique()).isEqualTo(20_000);
        assertThat(sessions.remembered()).isEqualTo(19_999); // current again: held as a session
        clock.advance(IDLE);
        sessions.expire();
        assertThat(sessions.segment("random-00000007", 6, 2_000_000)).isZero(); // still knows segment 6
        assertThat(sessions.unique()).isEqualTo(20_000);

        sessions.forgetSessions();
        assertThat(sessions.remembered()).isZero();
        assertThat(sessions.current()).isZero();
        assertThat(sessions.unique()).isEqualTo(20_000);
    }

    @Test
    void beyondTheRememberedCapExpiredIdsAreForgotten() {
        ViewerSessions small = new ViewerSessions(IDLE, clock, 100, 2);
        small.playlist("viewer-a");
        small.playlist("viewer-b");
        small.playlist("viewer-c");
        clock.advance(IDLE);
        small.expire();
        assertThat(small.remembered()).isEqualTo(2);
        assertThat(small.forgotten()).isEqualTo(1);
        small.playlist("viewer-a");
        small.playlist("viewer-b");
        assertThat(small.unique()).isEqualTo(3); // remembered: not new
        small.playlist("viewer-c");
        assertThat(small.unique()).isEqualTo(4); // forgotten: counted again (documented upper bound)
    }

    @Test
    void seenIdsBehaveLikeAMapUnderRandomPutsAndTakes() {
        SeenIds ids = new SeenIds(1_000);
        Map<String, Long> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            String id = "id-" + random.nextInt(1_500);
            if (random.nextBoolean()) {
                long v = random.nextInt(100) - 1;
                boolean room = model.containsKey(id) || model.size() < 1_000;
                assertThat(ids.put(id, v)).isEqualTo(room);
                if (room) {
                    model.put(id, v);
                }
            } else {
                Long expected = model.remove(id);
                assertThat(ids.take(id)).isEqualTo(expected == null ? Long.MIN_VALUE : expected);
            }
            assertThat(ids.size()).isEqualTo(model.size());
        }
        for (Map.Entry<String, Long> e : model.entrySet()) {
            assertThat(ids.contains(e.getKey())).isTrue();
        }
        assertThat(ids.full()).isEqualTo(model.size() >= 1_000);
    }

    @Test
    void theIdleTimeoutIsCappedAt59Seconds() {
        assertThat(AnalyticsConfig.defaults().withIdleTimeout(Duration.ofSeconds(60)).idleTimeout())
                .isEqualTo(Duration.ofSeconds(59));
        assertThat(AnalyticsConfig.defaults().withIdleTimeout(Duration.ofSeconds(59)).idleTimeout())
                .isEqualTo(Duration.ofSeconds(59));
        assertThat(AnalyticsConfig.defaults().withIdleTimeout(Duration.ofSeconds(1)).idleTimeout())
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(AnalyticsConfig.defaults().maxSessionsPerBroadcast()).isEqualTo(50_000);
        // With the 1 s tick a session that stops is gone within 60 s.
        ViewerSessions longest = new ViewerSessions(AnalyticsConfig.defaults()
                .withIdleTimeout(Duration.ofSeconds(60)).idleTimeout(), clock);
        longest.playlist("stopping");
        clock.advance(Duration.ofMillis(300)); // the tick phase relative to the last fetch
        for (int tick = 0; tick < 60 && longest.current() > 0; tick++) {
            clock.advance(Duration.ofSeconds(1));
            longest.expire();
        }
        assertThat(longest.current()).isZero();
    }
}
