// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static dev.livepipe.storage.jooq.Tables.CHAT_REACTION_TALLIES;

import dev.livepipe.storage.db.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * Reaction counts per broadcast, minute and reaction type. Every node adds what its clients
 * sent with an upsert that adds to the stored total, so several nodes (and several flushes
 * within one minute) sum up.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class ReactionTallyRepository {

    private final DSLContext dsl;

    public ReactionTallyRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Adds counts to the tallies of one minute of a broadcast, in one batch. Zero and
     * negative counts are skipped.
     *
     * @param minute any instant within the minute (it is truncated to the minute)
     * @param counts reaction name (at most 16 characters) to count
     */
    public void add(String streamId, UUID broadcastId, Instant minute, Map<String, Long> counts) {
        Objects.requireNonNull(broadcastId, "broadcastId");
        Instant minuteStart = minute.truncatedTo(ChronoUnit.MINUTES);
        List<Query> upserts = new ArrayList<>();
        counts.forEach((reaction, count) -> {
            if (count != null && count > 0) {
                upserts.add(dsl.insertInto(CHAT_REACTION_TALLIES)
                        .set(CHAT_REACTION_TALLIES.STREAM_ID, streamId)
                        .set(CHAT_REACTION_TALLIES.BROADCAST_ID, broadcastId)
                        .set(CHAT_REACTION_TALLIES.MINUTE_START, Timestamps.toDb(minuteStart))
                        .set(CHAT_REACTION_TALLIES.REACTION, reaction)
                        .set(CHAT_REACTION_TALLIES.TOTAL, count)
                        .onConflict(CHAT_REACTION_TALLIES.BROADCAST_ID, CHAT_REACTION_TALLIES.MINUTE_START,
                                CHAT_REACTION_TALLIES.REACTION)
                        .doUpdate()
                        .set(CHAT_REACTION_TALLIES.TOTAL,
                                CHAT_REACTION_TALLIES.TOTAL.plus(DSL.excluded(CHAT_REACTION_TALLIES.TOTAL))));
            }
        });
        if (upserts.size() == 1) {
            upserts.getFirst().execute();
        } else if (!upserts.isEmpty()) {
            dsl.batch(upserts).execute();
        }
    }

    /** A broadcast's tallies, by minute, then reaction. */
    public List<ReactionTally> forBroadcast(UUID broadcastId) {
        return dsl.selectFrom(CHAT_REACTION_TALLIES)
                .where(CHAT_REACTION_TALLIES.BROADCAST_ID.eq(broadcastId))
                .orderBy(CHAT_REACTION_TALLIES.MINUTE_START, CHAT_REACTION_TALLIES.REACTION)
                .fetch(row -> new ReactionTally(row.getStreamId(), row.getBroadcastId(),
                        Timestamps.fromDb(row.getMinuteStart()), row.getReaction(), row.getTotal()));
    }
}
