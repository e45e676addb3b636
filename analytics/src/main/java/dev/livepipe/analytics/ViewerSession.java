// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

/**
 * One viewer session of one broadcast: when it last fetched something and which segments it was
 * already credited with.
 *
 * <p>Segment dedupe keeps the newest credited sequence number and a 64-bit mask of the 64 below
 * it: a live player only ever fetches segments of the fetchable window (two playlist windows), so
 * a segment further back than 64 is treated as already credited. Fixed size per session.
 *
 * <p>Not thread-safe: owned by {@link ViewerSessions}.
 */
final class ViewerSession {

    private static final int MASK_BITS = 64;

    final String id;
    long lastSeenMillis;
    private long newest = -1;
    private long mask; // bit i: newest - 1 - i was credited

    ViewerSession(String id) {
        this.id = id;
    }

    /**
     * A session that comes back after it expired: {@code newest} (the newest sequence it was
     * credited with, or -1) and every segment before it count as credited.
     */
    ViewerSession(String id, long newest) {
        this.id = id;
        this.newest = newest;
        this.mask = newest < 0 ? 0 : -1L;
    }

    /** The newest credited sequence number, or -1. */
    long newest() {
        return newest;
    }

    /** Marks {@code sequence} as credited; true if it was not before. */
    boolean credit(long sequence) {
        if (sequence < 0) {
            return false;
        }
        if (newest < 0) {
            newest = sequence;
            return true;
        }
        if (sequence > newest) {
            long shift = sequence - newest; // the old newest is now `shift` back
            if (shift > MASK_BITS) {
                mask = 0;
            } else if (shift == MASK_BITS) {
                mask = 1L << (MASK_BITS - 1);
            } else {
                mask = (mask << shift) | (1L << (shift - 1));
            }
            newest = sequence;
            return true;
        }
        if (sequence == newest) {
            return false;
        }
        long back = newest - sequence; // 1..
        if (back > MASK_BITS) {
            return false;
        }
        long bit = 1L << (back - 1);
        if ((mask & bit) != 0) {
            return false;
        }
        mask |= bit;
        return true;
    }
}
