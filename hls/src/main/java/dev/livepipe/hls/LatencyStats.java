// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * The last N values of one duration figure (e.g. segment latency), with percentiles.
 *
 * <p>Threading: {@link #add} from the muxing thread, {@link #describe} from any thread; both
 * synchronized (uncontended, once per segment).
 */
final class LatencyStats {

    private final long[] ring;
    private int size;
    private int next;
    private long last = -1;

    LatencyStats(int capacity) {
        this.ring = new long[capacity];
    }

    synchronized void add(long nanos) {
        ring[next] = nanos;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        last = nanos;
    }

    /** The p-th percentile (0..100) of the kept values in nanoseconds, or -1 if none. */
    synchronized long percentile(double p) {
        if (size == 0) {
            return -1;
        }
        long[] copy = Arrays.copyOf(ring, size);
        Arrays.sort(copy);
        int index = (int) Math.ceil(p / 100.0 * size) - 1;
        return copy[Math.max(0, Math.min(size - 1, index))];
    }

    /** {@code {count, lastMs, p50Ms, p99Ms, maxMs}}. */
    synchronized JsonObject describe() {
        JsonObject o = new JsonObject().put("count", size);
        if (size > 0) {
            o.put("lastMs", millis(last)).put("p50Ms", millis(percentile(50))).put("p99Ms", millis(percentile(99)))
                    .put("maxMs", millis(percentile(100)));
        }
        return o;
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
