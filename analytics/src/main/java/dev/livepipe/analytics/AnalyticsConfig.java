// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import java.time.Duration;

/**
 * Settings of viewer analytics.
 *
 * @param idleTimeout a viewer session that fetched nothing (playlist or segment) for this long
 *                    is no longer current; at most 60 s so that a stopped player is gone within
 *                    a minute
 * @param tick        how often sessions are expired, {@code viewers.update} may be published and
 *                    closed minutes are persisted (at least 100 ms)
 */
public record AnalyticsConfig(Duration idleTimeout, Duration tick) {

    /** The default idle timeout: 30 s, long enough for a player that reloads every target duration. */
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(30);

    public AnalyticsConfig {
        if (idleTimeout.toMillis() < 1000 || idleTimeout.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("viewer idle timeout must be 1..60 s: " + idleTimeout);
        }
        if (tick.toMillis() < 100) {
            throw new IllegalArgumentException("tick too small: " + tick);
        }
    }

    /** 30 s idle timeout, 1 s tick. */
    public static AnalyticsConfig defaults() {
        return new AnalyticsConfig(DEFAULT_IDLE, Duration.ofSeconds(1));
    }

    /** The same settings with another idle timeout. */
    public AnalyticsConfig withIdleTimeout(Duration idle) {
        return new AnalyticsConfig(idle, tick);
    }
}
