// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's reaction counts for one room, per minute, waiting to be added to PostgreSQL
 * ({@code chat_reaction_tallies}, an upsert that adds). Flushed every
 * {@code reactionFlushInterval}, when the broadcast changes and when the room closes.
 * Counts made while no broadcast is known (the stream is offline) are not stored.
 *
 * <p><b>Threading:</b> the room's context only. A failed flush is logged and its counts are
 * dropped (tallies are statistics; chat goes on).
 */
final class ReactionTallies {

    private static final Logger LOG = LoggerFactory.getLogger(ReactionTallies.class);

    private final ChatStore store;
    private final Clock clock;
    private final String streamId;
    private final long intervalNanos;
    private final TreeMap<Instant, long[]> byMinute = new TreeMap<>();
    private long lastFlushNanos = System.nanoTime();

    ReactionTallies(ChatStore store, Clock clock, String streamId, Duration interval) {
        this.store = store;
        this.clock = clock;
        this.streamId = streamId;
        this.intervalNanos = interval.toNanos();
    }

    /** Counts reactions now, for the broadcast (nothing when it is {@code null}). */
    void add(UUID broadcastId, long[] counts) {
        if (broadcastId == null) {
            return;
        }
        long[] minute = byMinute.computeIfAbsent(clock.instant().truncatedTo(ChronoUnit.MINUTES),
                k -> new long[Reaction.count()]);
        for (int i = 0; i < counts.length; i++) {
            minute[i] += counts[i];
        }
    }

    void flushIfDue(UUID broadcastId) {
        if (System.nanoTime() - lastFlushNanos >= intervalNanos) {
            flush(broadcastId);
        }
    }

    /** Adds what was counted to the broadcast's tallies in PostgreSQL (asynchronously). */
    void flush(UUID broadcastId) {
        lastFlushNanos = System.nanoTime();
        if (byMinute.isEmpty()) {
            return;
        }
        if (broadcastId == null) {
            byMinute.clear();
            return;
        }
        for (Map.Entry<Instant, long[]> entry : byMinute.entrySet()) {
            store.addTallies(streamId, broadcastId, entry.getKey(), ChatRoom.byName(entry.getValue()))
                    .onFailure(e -> LOG.warn("stream {}: could not store reaction tallies: {}", streamId,
                            e.toString()));
        }
        byMinute.clear();
    }
}
