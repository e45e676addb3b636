// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry of broadcasts by stream id: starts a broadcast when a publisher arrives, lets a
 * reconnecting publisher take over and continue it within the grace window, and ends it.
 *
 * <p>Takeover: a publisher of a stream that is already live replaces the old one (the old
 * {@link Publication} is revoked, its edge closes the connection), never "already publishing".
 *
 * <p>Threading: every method may be called from any thread; state changes are serialized on
 * this object's lock and listeners run under it (see {@link BroadcastListener}).
 */
public final class Broadcasts {

    private static final Logger LOG = LoggerFactory.getLogger(Broadcasts.class);

    private final BroadcastsConfig config;
    private final Scheduler scheduler;
    private final Clock clock;
    private final List<BroadcastListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> byStream = new HashMap<>();

    private static final class Entry {
        final Broadcast broadcast;
        Publication publication;
        Scheduler.Cancellable graceTimer;
        int sessions;

        Entry(Broadcast broadcast) {
            this.broadcast = broadcast;
        }
    }

    public Broadcasts(BroadcastsConfig config, Scheduler scheduler, Clock clock) {
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** Adds a listener for the life of every broadcast started after this call. */
    public void addListener(BroadcastListener listener) {
        listeners.add(listener);
    }

    /**
     * Starts publishing {@code tracks} into the stream's broadcast: continues the live or
     * reconnecting broadcast if there is one (taking over from a lingering publisher), or
     * starts a new one.
     *
     * @return the write handle for this publisher
     */
    public synchronized Publication publish(String streamId, List<Track> tracks, PublisherInfo info) {
        Entry entry = byStream.get(streamId);
        if (entry == null) {
            Broadcast b = new Broadcast(UUID.randomUUID().toString(), streamId, clock.instant(),
                    config.readerCapacity());
            entry = new Entry(b);
            byStream.put(streamId, entry);
            LOG.info("[stream {}] broadcast {} started by {} {}", streamId, b.id(), info.protocol(),
                    info.remoteAddress());
            for (BroadcastListener l : listeners) {
                l.onStarted(b);
            }
        } else {
            if (entry.graceTimer != null) {
                entry.graceTimer.cancel();
                entry.graceTimer = null;
            }
            if (entry.publication != null) {
                LOG.info("[stream {}] publisher {} takes over broadcast {}", streamId,
                        info.remoteAddress(), entry.broadcast.id());
                entry.publication.revoke("replaced by a new publisher");
            } else {
                LOG.info("[stream {}] publisher {} reconnected into broadcast {}", streamId,
                        info.remoteAddress(), entry.broadcast.id());
            }
        }
        int sequence = entry.sessions++;
        PublisherSession session = new PublisherSession(sequence, tracks, sequence > 0, info);
        Publication publication = new Publication(this, entry.broadcast, session);
        entry.publication = publication;
        entry.broadcast.beginSession(session, publication);
        for (BroadcastListener l : listeners) {
            l.onSession(entry.broadcast, session);
        }
        return publication;
    }

    /** The live or reconnecting broadcast of a stream. */
    public synchronized Optional<Broadcast> current(String streamId) {
        Entry e = byStream.get(streamId);
        return e == null ? Optional.empty() : Optional.of(e.broadcast);
    }

    /** Every live or reconnecting broadcast. */
    public synchronized List<Broadcast> all() {
        List<Broadcast> out = new ArrayList<>();
        for (Entry e : byStream.values()) {
            out.add(e.broadcast);
        }
        return out;
    }

    /**
     * Ends the stream's broadcast now and revokes its publisher (key rotated, stream deleted,
     * server stopping). No grace window.
     */
    public synchronized void end(String streamId, String reason) {
        Entry e = byStream.get(streamId);
        if (e == null) {
            return;
        }
        if (e.publication != null) {
            e.publication.revoke(reason);
        }
        finish(streamId, e);
    }

    /** Ends every broadcast (server shutdown). */
    public synchronized void endAll(String reason) {
        for (String id : List.copyOf(byStream.keySet())) {
            end(id, reason);
        }
    }

    synchronized void publisherClosed(Publication publication) {
        boolean wasActive = publication.deactivate();
        Broadcast b = publication.broadcast();
        Entry e = byStream.get(b.streamId());
        if (!wasActive || e == null || e.publication != publication) {
            return; // already replaced or ended
        }
        e.publication = null;
        b.publisherLost();
        LOG.info("[stream {}] publisher left broadcast {}; waiting {} for a reconnect", b.streamId(),
                b.id(), config.reconnectGrace());
        for (BroadcastListener l : listeners) {
            l.onPublisherLost(b);
        }
        e.graceTimer = scheduler.schedule(config.reconnectGrace(), () -> graceExpired(b));
    }

    private synchronized void graceExpired(Broadcast b) {
        Entry e = byStream.get(b.streamId());
        if (e != null && e.broadcast == b && e.publication == null) {
            finish(b.streamId(), e);
        }
    }

    private void finish(String streamId, Entry e) {
        if (e.graceTimer != null) {
            e.graceTimer.cancel();
        }
        byStream.remove(streamId);
        e.broadcast.end(clock.instant());
        LOG.info("[stream {}] broadcast {} ended", streamId, e.broadcast.id());
        for (BroadcastListener l : listeners) {
            l.onEnded(e.broadcast);
        }
    }
}
