// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import java.time.Duration;

/**
 * Settings of viewer analytics.
 *
 * @param idleTimeout           a viewer session that fetched nothing (playlist or segment) for this
 *                              long is no longer current; at least 1 s, and capped at
 *                              {@link #MAX_IDLE} (59 s) so that with the 1 s tick a stopped player
 *                              is gone within a minute (a longer value is lowered to 59 s)
 * @param tick                  how often sessions are expired, {@code viewers.update} may be
 *                              published and closed minutes are persisted (at least 100 ms)
 * @param maxSessionsPerBroadcast the most viewer sessions current at once per broadcast; a session
 *                              id that is not current while the broadcast is at the cap is not
 *                              counted (bounds memory and count inflation by random ids)
 * @param maxRememberedIdsPerBroadcast how many expired session ids a broadcast remembers (8 bytes
 *                              of hash and 8 of segment position each) so that a returning id is
 *                              not a new unique viewer; beyond it, new ids are still counted but
 *                              not remembered after they expire
 */
public record AnalyticsConfig(Duration idleTimeout, Duration tick, int maxSessionsPerBroadcast,
                              int maxRememberedIdsPerBroadcast) {

    /** The default idle timeout: 30 s, long enough for a player that reloads every target duration. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);
    /** The longest idle timeout: with a 1 s tick a stopped session is gone within 60 s. */
    public static final Duration MAX_IDLE = Duration.ofSeconds(59);
    /** The default cap on concurrent sessions per broadcast. */
    public static final int DEFAULT_MAX_SESSIONS = 50_000;
    /** The default number of expired session ids remembered per broadcast (at most 16 MB). */
    public static final int DEFAULT_MAX_REMEMBERED_IDS = 500_000;

    public AnalyticsConfig {
        if (idleTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("viewer idle timeout must be at least 1 s: " + idleTimeout);
        }
        if (idleTimeout.compareTo(MAX_IDLE) > 0) {
            idleTimeout = MAX_IDLE;
        }
        if (tick.toMillis() < 100) {
            throw new IllegalArgumentException("tick too small: " + tick);
        }
        if (maxSessionsPerBroadcast < 1) {
            throw new IllegalArgumentException("maxSessionsPerBroadcast must be positive: " + maxSessionsPerBroadcast);
        }
        if (maxRememberedIdsPerBroadcast < 0 || maxRememberedIdsPerBroadcast > 100_000_000) {
            throw new IllegalArgumentException("maxRememberedIdsPerBroadcast must be 0..100000000: "
                    + maxRememberedIdsPerBroadcast);
        }
    }

    /** The given idle timeout and tick with the default caps. */
    public AnalyticsConfig(Duration idleTimeout, Duration tick) {
        this(idleTimeout, tick, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_REMEMBERED_IDS);
    }

    /** 30 s idle timeout, 1 s tick, 50,000 concurrent sessions and 500,000 remembered ids per broadcast. */
    public static AnalyticsConfig defaults() {
        return new AnalyticsConfig(DEFAULT_IDLE, Duration.ofSeconds(1));
    }

    /** The same settings with another idle timeout (capped at 59 s). */
    public AnalyticsConfig withIdleTimeout(Duration idle) {
        return new AnalyticsConfig(idle, tick, maxSessionsPerBroadcast, maxRememberedIdsPerBroadcast);
    }

    /** The same settings with other per-broadcast caps. */
    public AnalyticsConfig withCaps(int maxSessions, int maxRememberedIds) {
        return new AnalyticsConfig(idleTimeout, tick, maxSessions, maxRememberedIds);
    }
}
