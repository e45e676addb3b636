// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * One go-live of a stream: the hub that fans its publisher's access units out to readers.
 * A publisher that drops and reconnects within the grace window continues the same broadcast
 * with a new {@link PublisherSession}.
 *
 * <p>Threading: state changes come from {@link Broadcasts} under its lock; access units come from
 * the current publisher's thread through {@link Publication#write}; getters may be called from
 * any thread.
 */
public final class Broadcast {

    private final String id;
    private final String streamId;
    private final Instant startedAt;
    private final int readerCapacity;
    private final IngestStats stats = new IngestStats();
    private final List<BroadcastReader> readers = new CopyOnWriteArrayList<>();
    private volatile BroadcastState state = BroadcastState.LIVE;
    private volatile PublisherSession session;
    private volatile Instant endedAt;
    private volatile int reconnects;
    private volatile Publication publication;

    Broadcast(String id, String streamId, Instant startedAt, int readerCapacity) {
        this.id = id;
        this.streamId = streamId;
        this.startedAt = startedAt;
        this.readerCapacity = readerCapacity;
    }

    /** Unique id of this broadcast (a UUID string). */
    public String id() {
        return id;
    }

    /** The stream this broadcast belongs to. */
    public String streamId() {
        return streamId;
    }

    /** When the first publisher started it. */
    public Instant startedAt() {
        return startedAt;
    }

    /** When it ended, if it has. */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** Live, reconnecting or ended. */
    public BroadcastState state() {
        return state;
    }

    /** The current (or last) publisher session. */
    public PublisherSession session() {
        return session;
    }

    /** How many times a publisher reconnected into this broadcast. */
    public int reconnects() {
        return reconnects;
    }

    /** What the publisher sends. */
    public IngestStats stats() {
        return stats;
    }

    /** The readers attached now. */
    public List<BroadcastReader> readers() {
        return List.copyOf(readers);
    }

    /**
     * Attaches a reader. It receives the current session (if any) first, then access units from
     * the next keyframe on.
     *
     * @param name     for logs
     * @param sink     receives the events, serially, on {@code executor}
     * @param executor where the sink runs; must execute tasks (possibly later) on some thread
     */
    public BroadcastReader addReader(String name, BroadcastSink sink, Executor executor) {
        BroadcastReader[] holder = new BroadcastReader[1];
        BroadcastReader reader = new BroadcastReader(name, sink, executor, readerCapacity,
                () -> readers.remove(holder[0]));
        holder[0] = reader;
        synchronized (this) {
            if (state == BroadcastState.ENDED) {
                reader.offerEnd();
                return reader;
            }
            readers.add(reader);
            if (session != null) {
                reader.offerSession(session);
            }
        }
        return reader;
    }

    /** The current publisher's transport health (see {@link Publication#setTransportStats}). */
    public Map<String, Object> transportStats() {
        Publication p = publication;
        return p == null || !p.isActive() ? Map.of() : p.transportStats();
    }

    synchronized void beginSession(PublisherSession newSession, Publication newPublication) {
        session = newSession;
        publication = newPublication;
        state = BroadcastState.LIVE;
        if (newSession.sequence() > 0) {
            reconnects = newSession.sequence();
            stats.resetTimeline();
        }
        for (BroadcastReader r : readers) {
            r.offerSession(newSession);
        }
    }

    void write(AccessUnit unit) {
        stats.record(unit);
        for (BroadcastReader r : readers) {
            r.offerUnit(unit);
        }
    }

    synchronized void publisherLost() {
        state = BroadcastState.RECONNECTING;
        for (BroadcastReader r : readers) {
            r.offerPublisherLost();
        }
    }

    synchronized void end(Instant when) {
        if (state == BroadcastState.ENDED) {
            return;
        }
        state = BroadcastState.ENDED;
        endedAt = when;
        for (BroadcastReader r : readers) {
            r.offerEnd();
        }
        readers.clear();
    }
}
