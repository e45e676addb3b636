// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The write handle that only the current publisher of a broadcast holds.
 *
 * <p>Threading: {@link #write} must be called by one thread at a time (the publisher
 * connection's event loop or receive thread). {@link #close()} and {@link #onRevoked} may be
 * called from any thread.
 */
public final class Publication implements AutoCloseable {

    private final Broadcasts registry;
    private final Broadcast broadcast;
    private final PublisherSession session;
    private volatile boolean active = true;
    private volatile Runnable revokedHandler = () -> { };
    private volatile String revokedReason;
    private volatile Supplier<Map<String, Object>> transportStats = Map::of;

    Publication(Broadcasts registry, Broadcast broadcast, PublisherSession session) {
        this.registry = registry;
        this.broadcast = broadcast;
        this.session = session;
    }

    /** The broadcast this publisher writes into. */
    public Broadcast broadcast() {
        return broadcast;
    }

    /** This publisher's session (its tracks). */
    public PublisherSession session() {
        return session;
    }

    /** False once the publisher closed or was replaced/revoked. */
    public boolean isActive() {
        return active;
    }

    /** Why the publication was revoked (null while active or if it closed itself). */
    public String revokedReason() {
        return revokedReason;
    }

    /**
     * Fans one access unit out to every reader. Never blocks; dropped silently after the
     * publication ended. The unit's track must be one of {@link #session()}'s.
     */
    public void write(AccessUnit unit) {
        if (active) {
            broadcast.write(unit);
        }
    }

    /**
     * Sets what runs when another publisher takes over or the stream's key is revoked:
     * the edge closes its connection. Runs at most once, on the revoking thread.
     */
    public void onRevoked(Runnable handler) {
        this.revokedHandler = handler;
        if (!active && revokedReason != null) {
            handler.run();
        }
    }

    /**
     * Lets the edge report transport health (packet loss, jitter, NACKs, keyframe requests…)
     * beside the hub's own ingest statistics. The supplier must be cheap and thread-safe.
     */
    public void setTransportStats(Supplier<Map<String, Object>> stats) {
        this.transportStats = stats;
    }

    /** The edge's transport health figures (empty when it reports none). */
    public Map<String, Object> transportStats() {
        return transportStats.get();
    }

    /** The publisher went away (connection closed or unpublished): the grace window starts. */
    @Override
    public void close() {
        registry.publisherClosed(this);
    }

    boolean deactivate() {
        boolean was = active;
        active = false;
        return was;
    }

    void revoke(String reason) {
        if (deactivate()) {
            revokedReason = reason;
            revokedHandler.run();
        }
    }
}
