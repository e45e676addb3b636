// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The V4 analytics tables through their repositories, on real PostgreSQL. */
@ExtendWith(SharedDatabase.class)
class AnalyticsRepositoriesTest {

    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");

    private AnalyticsMinuteRepository minutes;
    private AnalyticsSummaryRepository summaries;
    private StreamRepository streams;
    private BroadcastRepository broadcasts;
    private String streamId;
    private UUID broadcastId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
        minutes = new AnalyticsMinuteRepository(dsl);
        summaries = new AnalyticsSummaryRepository(dsl, clock);
        streams = new StreamRepository(dsl, clock);
        broadcasts = new BroadcastRepository(dsl);
        streamId = streams.create("analytics").stream().id();
        broadcastId = UUID.randomUUID();
        broadcasts.start(broadcastId, streamId, T0, null);
    }

    @Test
    void minutesAreUpsertedAndListedInOrder() {
        AnalyticsMinute m1 = new AnalyticsMinute(broadcastId, T0.plusSeconds(60), 10, 12, 3, 4, 50, 540.5);
        AnalyticsMinute m0 = new AnalyticsMinute(broadcastId, T0, 5, 5, 1, 0, 0, 120);
        minutes.upsert(List.of(m1, m0));
        assertThat(minutes.list(broadcastId, 1000)).containsExactly(m0, m1);

        AnalyticsMinute m1Closed = new AnalyticsMinute(broadcastId, T0.plusSeconds(60), 9, 14, 4, 6, 70, 700.25);
        minutes.upsert(List.of(m1Closed));
        assertThat(minutes.list(broadcastId, 1000)).containsExactly(m0, m1Closed);
        assertThat(minutes.list(broadcastId, 1)).containsExactly(m0);
        assertThat(minutes.list(UUID.randomUUID(), 10)).isEmpty();
        minutes.upsert(List.of());
    }

    @Test
    void summaryIsUpsertedAndTheLatestOfAStreamIsFound() {
        AnalyticsSummary live = new AnalyticsSummary(broadcastId, streamId, T0, null, 40, 55, 3600.5, 12, 300, 7, null);
        AnalyticsSummary stored = summaries.upsert(live);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(stored.endedAt()).isNull();
        assertThat(stored.averageWatchSeconds()).isCloseTo(3600.5 / 55, org.assertj.core.data.Offset.offset(1e-9));

        AnalyticsSummary ended = new AnalyticsSummary(broadcastId, streamId, T0, T0.plusSeconds(1800), 41, 60,
                4000, 13, 301, 8, null);
        summaries.upsert(ended);
        assertThat(summaries.get(broadcastId)).hasValueSatisfying(s -> {
            assertThat(s.endedAt()).isEqualTo(T0.plusSeconds(1800));
            assertThat(s.uniqueViewers()).isEqualTo(60);
            assertThat(s.peakSockets()).isEqualTo(8);
            assertThat(s.watchSeconds()).isEqualTo(4000);
        });

        UUID later = UUID.randomUUID();
        broadcasts.start(later, streamId, T0.plusSeconds(7200), null);
        summaries.upsert(new AnalyticsSummary(later, streamId, T0.plusSeconds(7200), null, 1, 1, 2, 0, 0, 0, null));
        assertThat(summaries.latest(streamId)).hasValueSatisfying(s -> assertThat(s.broadcastId()).isEqualTo(later));
        assertThat(summaries.latest("no-such-stream")).isEmpty();
        assertThat(summaries.get(UUID.randomUUID())).isEmpty();
    }

    @Test
    void rowsNeedTheirBroadcastAndGoWithIt() {
        UUID unknown = UUID.randomUUID();
        assertThatThrownBy(() -> minutes.upsert(List.of(new AnalyticsMinute(unknown, T0, 0, 0, 0, 0, 0, 0))))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> summaries.upsert(new AnalyticsSummary(unknown, streamId, T0, null, 0, 0, 0, 0, 0, 0,
                null))).isInstanceOf(DataAccessException.class);

        minutes.upsert(List.of(new AnalyticsMinute(broadcastId, T0, 1, 1, 0, 0, 0, 2)));
        summaries.upsert(new AnalyticsSummary(broadcastId, streamId, T0, null, 1, 1, 2, 0, 0, 0, null));
        assertThat(streams.delete(streamId)).isTrue();
        assertThat(minutes.list(broadcastId, 10)).isEmpty();
        assertThat(summaries.get(broadcastId)).isEmpty();
    }

    @Test
    void inconsistentFiguresAreRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> new AnalyticsMinute(broadcastId, T0, 5, 4, 0, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AnalyticsSummary(broadcastId, streamId, T0, null, -1, 0, 0, 0, 0, 0, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
