// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.time.Duration;

/**
 * Exponential retry delays: {@code min}, doubling up to {@code max}, forever; {@link #reset()} after
 * a success. Not thread-safe: one per retrying activity, used on its executor.
 */
final class Backoff {

    private final long minMillis;
    private final long maxMillis;
    private long nextMillis;
    private int failures;

    Backoff(Duration min, Duration max) {
        this.minMillis = Math.max(1, min.toMillis());
        this.maxMillis = Math.max(minMillis, max.toMillis());
        this.nextMillis = minMillis;
    }

    /** The delay before the next attempt; each call doubles the one after (up to the maximum). */
    long nextDelayMillis() {
        long d = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        failures++;
        return d;
    }

    /** Failures since the last success. */
    int failures() {
        return failures;
    }

    /** A success: the next failure waits the minimum again. */
    void reset() {
        nextMillis = minMillis;
        failures = 0;
    }
}
