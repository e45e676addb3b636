// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.analytics;

import static dev.livepipe.storage.jooq.Tables.ANALYTICS_BROADCASTS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.AnalyticsBroadcastsRecord;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The analytics totals per broadcast ({@code analytics_broadcasts}): written again every minute
 * while a broadcast is live and once more at its end; read by the admin API for past broadcasts.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class AnalyticsSummaryRepository {

    private final DSLContext dsl;
    private final Clock clock;

    /** @param clock stamps {@code updatedAt} */
    public AnalyticsSummaryRepository(DSLContext dsl, Clock clock) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Inserts or replaces the broadcast's totals ({@code updatedAt} is ignored and set to now).
     *
     * @return the row as stored
     * @throws org.jooq.exception.IntegrityConstraintViolationException when the broadcast does not exist
     */
    public AnalyticsSummary upsert(AnalyticsSummary s) {
        var now = Timestamps.toDb(clock.instant());
        return toSummary(dsl.insertInto(ANALYTICS_BROADCASTS)
                .set(ANALYTICS_BROADCASTS.BROADCAST_ID, s.broadcastId())
                .set(ANALYTICS_BROADCASTS.STREAM_ID, s.streamId())
                .set(ANALYTICS_BROADCASTS.STARTED_AT, Timestamps.toDb(s.startedAt()))
                .set(ANALYTICS_BROADCASTS.ENDED_AT, Timestamps.toDb(s.endedAt()))
                .set(ANALYTICS_BROADCASTS.PEAK_VIEWERS, s.peakViewers())
                .set(ANALYTICS_BROADCASTS.UNIQUE_VIEWERS, s.uniqueViewers())
                .set(ANALYTICS_BROADCASTS.WATCH_SECONDS, s.watchSeconds())
                .set(ANALYTICS_BROADCASTS.CHAT_MESSAGES, s.chatMessages())
                .set(ANALYTICS_BROADCASTS.REACTIONS, s.reactions())
                .set(ANALYTICS_BROADCASTS.PEAK_SOCKETS, s.peakSockets())
                .set(ANALYTICS_BROADCASTS.UPDATED_AT, now)
                .onConflict(ANALYTICS_BROADCASTS.BROADCAST_ID)
                .doUpdate()
                .set(ANALYTICS_BROADCASTS.ENDED_AT, Timestamps.toDb(s.endedAt()))
                .set(ANALYTICS_BROADCASTS.PEAK_VIEWERS, s.peakViewers())
                .set(ANALYTICS_BROADCASTS.UNIQUE_VIEWERS, s.uniqueViewers())
                .set(ANALYTICS_BROADCASTS.WATCH_SECONDS, s.watchSeconds())
                .set(ANALYTICS_BROADCASTS.CHAT_MESSAGES, s.chatMessages())
                .set(ANALYTICS_BROADCASTS.REACTIONS, s.reactions())
                .set(ANALYTICS_BROADCASTS.PEAK_SOCKETS, s.peakSockets())
                .set(ANALYTICS_BROADCASTS.UPDATED_AT, now)
                .returning()
                .fetchSingle());
    }

    /** The totals of this broadcast, if any were written. */
    public Optional<AnalyticsSummary> get(UUID broadcastId) {
        return dsl.selectFrom(ANALYTICS_BROADCASTS).where(ANALYTICS_BROADCASTS.BROADCAST_ID.eq(broadcastId))
                .fetchOptional(AnalyticsSummaryRepository::toSummary);
    }

    /** The totals of the stream's most recently started broadcast that has any. */
    public Optional<AnalyticsSummary> latest(String streamId) {
        return dsl.selectFrom(ANALYTICS_BROADCASTS).where(ANALYTICS_BROADCASTS.STREAM_ID.eq(streamId))
                .orderBy(ANALYTICS_BROADCASTS.STARTED_AT.desc()).limit(1)
                .fetchOptional(AnalyticsSummaryRepository::toSummary);
    }

    private static AnalyticsSummary toSummary(AnalyticsBroadcastsRecord r) {
        return new AnalyticsSummary(r.getBroadcastId(), r.getStreamId(), Timestamps.fromDb(r.getStartedAt()),
                Timestamps.fromDb(r.getEndedAt()), r.getPeakViewers(), r.getUniqueViewers(), r.getWatchSeconds(),
                r.getChatMessages(), r.getReactions(), r.getPeakSockets(), Timestamps.fromDb(r.getUpdatedAt()));
    }
}
