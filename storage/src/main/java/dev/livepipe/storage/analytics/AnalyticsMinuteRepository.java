// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.analytics;

import static dev.livepipe.storage.jooq.Tables.ANALYTICS_MINUTES;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.AnalyticsMinutesRecord;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The per-minute analytics series of broadcasts ({@code analytics_minutes}).
 *
 * <p>{@link #upsert} writes a whole batch in one transaction, replacing rows of the same
 * broadcast and minute, so the open minute of a live broadcast can be written again and again.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class AnalyticsMinuteRepository {

    private final DSLContext dsl;

    public AnalyticsMinuteRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Inserts or replaces the minutes (any broadcasts) in one transaction.
     *
     * @throws org.jooq.exception.IntegrityConstraintViolationException when a broadcast does not exist
     */
    public void upsert(List<AnalyticsMinute> minutes) {
        if (minutes.isEmpty()) {
            return;
        }
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            for (AnalyticsMinute m : minutes) {
                tx.insertInto(ANALYTICS_MINUTES)
                        .set(ANALYTICS_MINUTES.BROADCAST_ID, m.broadcastId())
                        .set(ANALYTICS_MINUTES.MINUTE, Timestamps.toDb(m.minute()))
                        .set(ANALYTICS_MINUTES.VIEWERS, m.viewers())
                        .set(ANALYTICS_MINUTES.PEAK_VIEWERS, m.peakViewers())
                        .set(ANALYTICS_MINUTES.SOCKETS, m.sockets())
                        .set(ANALYTICS_MINUTES.CHAT_MESSAGES, m.chatMessages())
                        .set(ANALYTICS_MINUTES.REACTIONS, m.reactions())
                        .set(ANALYTICS_MINUTES.WATCH_SECONDS, m.watchSeconds())
                        .onConflict(ANALYTICS_MINUTES.BROADCAST_ID, ANALYTICS_MINUTES.MINUTE)
                        .doUpdate()
                        .set(ANALYTICS_MINUTES.VIEWERS, m.viewers())
                        .set(ANALYTICS_MINUTES.PEAK_VIEWERS, m.peakViewers())
                        .set(ANALYTICS_MINUTES.SOCKETS, m.sockets())
                        .set(ANALYTICS_MINUTES.CHAT_MESSAGES, m.chatMessages())
                        .set(ANALYTICS_MINUTES.REACTIONS, m.reactions())
                        .set(ANALYTICS_MINUTES.WATCH_SECONDS, m.watchSeconds())
                        .execute();
            }
        });
    }

    /** The broadcast's minutes, oldest first (at most {@code limit}, the oldest ones). */
    public List<AnalyticsMinute> list(UUID broadcastId, int limit) {
        return dsl.selectFrom(ANALYTICS_MINUTES)
                .where(ANALYTICS_MINUTES.BROADCAST_ID.eq(broadcastId))
                .orderBy(ANALYTICS_MINUTES.MINUTE.asc())
                .limit(limit)
                .fetch(AnalyticsMinuteRepository::toMinute);
    }

    private static AnalyticsMinute toMinute(AnalyticsMinutesRecord r) {
        return new AnalyticsMinute(r.getBroadcastId(), Timestamps.fromDb(r.getMinute()), r.getViewers(),
                r.getPeakViewers(), r.getSockets(), r.getChatMessages(), r.getReactions(), r.getWatchSeconds());
    }
}
