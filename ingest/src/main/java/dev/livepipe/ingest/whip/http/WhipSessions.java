// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live sessions by URL secret, and the session slots ({@link WhipConfig#maxSessions()}).
 * A slot is reserved once a publisher is authorized and released when its setup fails or its
 * session ends, so a refused or failed request never holds one.
 *
 * <p>Threading: thread-safe (requests arrive on several event loops).
 */
final class WhipSessions {

    private final int max;
    private final Map<String, WhipSession> bySecret = new ConcurrentHashMap<>();
    private int slots;

    WhipSessions(int max) {
        this.max = max;
    }

    /**
     * Reserves a slot; over the limit only a takeover (the stream already has a session, which
     * the new one will replace) is allowed.
     */
    synchronized boolean reserve(String streamId) {
        if (slots < max || bySecret.values().stream().anyMatch(s -> s.streamId().equals(streamId))) {
            slots++;
            return true;
        }
        return false;
    }

    /** Gives back a reserved slot whose session never started. */
    synchronized void release() {
        if (slots > 0) {
            slots--;
        }
    }

    /** Registers a session on a reserved slot. */
    void add(WhipSession s) {
        bySecret.put(s.secret(), s);
    }

    /** Forgets a session and frees its slot; false if it was already gone. */
    boolean remove(WhipSession s) {
        if (bySecret.remove(s.secret(), s)) {
            release();
            return true;
        }
        return false;
    }

    /** The session with this URL secret. */
    Optional<WhipSession> bySecret(String secret) {
        return Optional.ofNullable(bySecret.get(secret));
    }

    /** Live sessions. */
    int size() {
        return bySecret.size();
    }

    /** Reserved slots (live sessions plus setups in progress). */
    synchronized int reserved() {
        return slots;
    }

    /** Every live session (for shutdown). */
    Iterable<WhipSession> all() {
        return bySecret.values();
    }
}
