// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.analytics.AnalyticsMinute;
import dev.livepipe.storage.analytics.AnalyticsSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The per-minute series and totals of one broadcast, with an injected clock. */
class BroadcastStatsTest {

    private static final Instant T0 = Instant.parse("2026-05-01T12:00:10Z");
    private final TestClock clock = new TestClock(T0);
    private final String id = UUID.randomUUID().toString();
    private final BroadcastStats stats = new BroadcastStats("show", id, T0, Duration.ofSeconds(30), clock);

    @Test
    void minutesCloseOnTheClockWithWhatHappenedInThem() {
        stats.playlist("viewer-a1");
        stats.playlist("viewer-b1");
        stats.segment("viewer-a1", 0, 2_000_000);
        stats.segment("viewer-b1", 0, 2_000_000);
        stats.chatMessage();
        stats.reactions(5);
        assertThat(stats.tick(3)).isEmpty();

        clock.advance(Duration.ofSeconds(25)); // 12:00:35
        stats.playlist("viewer-a1");
        stats.playlist("viewer-b1");
        clock.advance(Duration.ofSeconds(26)); // 12:01:01
        List<AnalyticsMinute> closed = stats.tick(4);
        stats.segment("viewer-a1", 1, 2_000_000);
        assertThat(closed).hasSize(1);
        AnalyticsMinute m0 = closed.getFirst();
        assertThat(m0.minute()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
        assertThat(m0.viewers()).isEqualTo(2);
        assertThat(m0.peakViewers()).isEqualTo(2);
        assertThat(m0.chatMessages()).isEqualTo(1);
        assertThat(m0.reactions()).isEqualTo(5);
        assertThat(m0.watchSeconds()).isEqualTo(4.0);
        assertThat(m0.sockets()).isEqualTo(4); // sampled when it closed
        // viewer-a1's segment 1 came in the next minute.
        assertThat(stats.openMinute().watchSeconds()).isEqualTo(2.0);

        clock.advance(Duration.ofMinutes(3)); // both idle: three minutes close at once
        List<AnalyticsMinute> later = stats.tick(0);
        assertThat(later).extracting(AnalyticsMinute::minute).containsExactly(
                Instant.parse("2026-05-01T12:01:00Z"), Instant.parse("2026-05-01T12:02:00Z"),
                Instant.parse("2026-05-01T12:03:00Z"));
        assertThat(later).extracting(AnalyticsMinute::viewers).containsExactly(0, 0, 0);
        assertThat(later.getFirst().peakViewers()).isEqualTo(2);

        AnalyticsSnapshot snap = stats.snapshot(true);
        assertThat(snap.series()).hasSize(5); // four closed and the open one
        assertThat(snap.peakViewers()).isEqualTo(2);
        assertThat(snap.uniqueViewers()).isEqualTo(2);
        assertThat(snap.watchSeconds()).isEqualTo(6.0);
        assertThat(snap.averageWatchSeconds()).isEqualTo(3.0);
        assertThat(snap.peakSockets()).isEqualTo(4);
        assertThat(snap.chatMessages()).isEqualTo(1);
        assertThat(snap.reactions()).isEqualTo(5);
    }

    @Test
    void viewersChangeReportsOnlyChangesAndTheSummaryKeepsTotalsAfterSessionsAreFreed() {
        assertThat(stats.viewersChange()).containsExactly(0, 0);
        assertThat(stats.viewersChange()).isNull();
        stats.playlist("viewer-a1");
        assertThat(stats.viewersChange()).containsExactly(1, 1);
        assertThat(stats.viewersChange()).isNull();
        clock.advance(Duration.ofSeconds(31));
        stats.tick(0);
        assertThat(stats.viewersChange()).containsExactly(0, 1);

        stats.segment("viewer-a1", 3, 1_000_000);
        stats.ended(clock.instant());
        assertThat(stats.isEnded()).isTrue();
        stats.forgetSessions();
        AnalyticsSummary s = stats.summary();
        assertThat(s.endedAt()).isEqualTo(clock.instant());
        assertThat(s.uniqueViewers()).isEqualTo(1);
        assertThat(s.peakViewers()).isEqualTo(1);
        assertThat(s.watchSeconds()).isEqualTo(1.0);
        assertThat(stats.snapshot(false).currentViewers()).isZero();
    }

    @Test
    void whileLiveTheViewerPairIsRepublishedEveryFiveSecondsEvenIfUnchanged() {
        stats.playlist("viewer-a1");
        assertThat(stats.viewersChange()).containsExactly(1, 1);
        clock.advance(Duration.ofMillis(4_999));
        stats.playlist("viewer-a1");
        assertThat(stats.viewersChange()).isNull();
        clock.advance(Duration.ofMillis(1));
        assertThat(stats.viewersChange()).containsExactly(1, 1); // for chat rooms opened since
        assertThat(stats.viewersChange()).isNull();
        clock.advance(Duration.ofSeconds(5));
        assertThat(stats.viewersChange()).containsExactly(1, 1);
        stats.ended(clock.instant());
        clock.advance(Duration.ofSeconds(10));
        assertThat(stats.viewersChange()).isNull(); // ended: only changes
        clock.advance(Duration.ofSeconds(30));
        stats.tick(0);
        assertThat(stats.viewersChange()).containsExactly(0, 1);
    }

    @Test
    void closedMinutesStayUnstoredUntilAWriteOfThemSucceeds() {
        clock.advance(Duration.ofMinutes(3)); // 12:03:10: three minutes closed
        List<AnalyticsMinute> closed = stats.tick(0);
        assertThat(stats.unstoredMinutes()).isEqualTo(closed).hasSize(3);
        // A write of the first two succeeded; the third failed (or was not in that write).
        stats.markStored(closed.subList(0, 2));
        assertThat(stats.unstoredMinutes()).containsExactly(closed.get(2));
        clock.advance(Duration.ofMinutes(1));
        List<AnalyticsMinute> next = stats.tick(0);
        assertThat(stats.unstoredMinutes()).containsExactly(closed.get(2), next.getFirst());
        List<AnalyticsMinute> write = stats.unstoredMinutes();
        write.add(stats.openMinute()); // the open minute is never queued
        stats.markStored(write);
        assertThat(stats.unstoredMinutes()).isEmpty();

        // Failing for more than 24 h keeps only the last 24 h of minutes.
        clock.advance(Duration.ofHours(25));
        stats.tick(0);
        List<AnalyticsMinute> kept = stats.unstoredMinutes();
        assertThat(kept).hasSize(BroadcastStats.MAX_UNSTORED_MINUTES);
        assertThat(kept.getLast().minute()).isEqualTo(BroadcastStats.minuteOf(clock.instant()).minusSeconds(60));
    }
}
