// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
}
