// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-size log-linear histogram of non-negative values (microseconds here), in the manner of
 * HdrHistogram with 32 sub-buckets per power of two: values below 64 are exact, larger ones fall
 * into buckets at most 1/32 (3.1 %) wide. Recording is a shift, a count of leading zeros and one
 * array store: cheap enough for every frame a client receives.
 *
 * <p>Threading: one writer thread per instance (each event loop records into its own, see
 * {@link ChatFleet}); stores are release stores, so a reader that merges after the writers went
 * quiet sees every count. {@link #merge} sums instances into a new one.
 */
final class LatencyHistogram {

    private static final int SUB = 32;
    private static final int BUCKETS = 64 + 40 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray totals = new AtomicLongArray(2); // count, max

    /** Records {@code value} (negative values count as 0). Single writer per instance. */
    void record(long value) {
        long v = Math.max(0, value);
        int i = index(v);
        counts.setRelease(i, counts.getPlain(i) + 1);
        totals.setRelease(0, totals.getPlain(0) + 1);
        if (v > totals.getPlain(1)) {
            totals.setRelease(1, v);
        }
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - 5;
        int top = (int) (v >>> shift); // 32..63
        return Math.min(BUCKETS - 1, 2 * SUB + (shift - 1) * SUB + (top - SUB));
    }

    /** The midpoint of bucket {@code i}. */
    static double value(int i) {
        if (i < 2 * SUB) {
            return i;
        }
        int shift = (i - 2 * SUB) / SUB + 1;
        long top = (i - 2 * SUB) % SUB + SUB;
        long lo = top << shift;
        long hi = ((top + 1) << shift) - 1;
        return (lo + hi) / 2.0;
    }

    long count() {
        return totals.getAcquire(0);
    }

    long max() {
        return totals.getAcquire(1);
    }

    /** The p-th (0..100) percentile by nearest rank, as a bucket midpoint (the exact max for 100); NaN if empty. */
    double percentile(double p) {
        long n = count();
        if (n == 0) {
            return Double.NaN;
        }
        if (p >= 100) {
            return max();
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.getAcquire(i);
            if (seen >= rank) {
                return Math.min(value(i), max());
            }
        }
        return max();
    }

    /** The sum of {@code parts}. */
    static LatencyHistogram merge(Iterable<LatencyHistogram> parts) {
        LatencyHistogram m = new LatencyHistogram();
        long n = 0;
        long max = 0;
        for (LatencyHistogram h : parts) {
            for (int i = 0; i < BUCKETS; i++) {
                m.counts.setPlain(i, m.counts.getPlain(i) + h.counts.getAcquire(i));
            }
            n += h.count();
            max = Math.max(max, h.max());
        }
        m.totals.setRelease(0, n);
        m.totals.setRelease(1, max);
        return m;
    }
}
