// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

/**
 * The expired viewer session ids of one broadcast, compactly: a 64-bit hash of each id mapped to
 * the newest segment sequence it was credited with (open addressing over two {@code long}
 * arrays, 16 bytes a slot, grown by doubling up to {@code capacity} entries).
 *
 * <p>Two ids with the same 64-bit hash are taken for one (for 500,000 ids the chance that any
 * pair collides is about 10<sup>-8</sup>; a collision only makes a new id look like a returning
 * one). Once {@code capacity} ids are held, {@link #put} refuses new ones.
 *
 * <p>Not thread-safe: owned by {@link ViewerSessions}.
 */
final class SeenIds {

    /** Marks an empty slot; a hash of 0 is stored as 1. */
    private static final long EMPTY = 0;
    /** Stored for a remembered id with no credited segment. */
    static final long NO_SEGMENT = -1;

    private final int capacity;
    private long[] keys;
    private long[] values;
    private int size;

    SeenIds(int capacity) {
        this.capacity = capacity;
        int slots = 16;
        this.keys = new long[slots];
        this.values = new long[slots];
    }

    /** How many ids are remembered. */
    int size() {
        return size;
    }

    /** Whether no more new ids can be remembered. */
    boolean full() {
        return size >= capacity;
    }

    /** True if the id is remembered. */
    boolean contains(String id) {
        return slot(hash(id)) >= 0;
    }

    /**
     * The newest credited segment of a remembered id, {@link #NO_SEGMENT} if it had none; removes
     * it (it is current again). {@code Long.MIN_VALUE} if not remembered.
     */
    long take(String id) {
        long h = hash(id);
        int i = slot(h);
        if (i < 0) {
            return Long.MIN_VALUE;
        }
        long v = values[i];
        delete(i);
        return v;
    }

    /** Remembers the id with its newest credited segment; false if full and the id was not held. */
    boolean put(String id, long newest) {
        long h = hash(id);
        int i = slot(h);
        if (i >= 0) {
            values[i] = newest;
            return true;
        }
        if (size >= capacity) {
            return false;
        }
        if ((size + 1) * 4L > keys.length * 3L) { // load factor 3/4
            grow();
        }
        insert(h, newest);
        size++;
        return true;
    }

    /** Forgets everything. */
    void clear() {
        keys = new long[16];
        values = new long[16];
        size = 0;
    }

    private int slot(long h) {
        int mask = keys.length - 1;
        for (int i = (int) h & mask; ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == EMPTY) {
                return -1;
            }
            if (k == h) {
                return i;
            }
        }
    }

    private void insert(long h, long v) {
        int mask = keys.length - 1;
        int i = (int) h & mask;
        while (keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        keys[i] = h;
        values[i] = v;
    }

    /** Backward-shift deletion (linear probing keeps no tombstones). */
    private void delete(int i) {
        int mask = keys.length - 1;
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int home = (int) keys[j] & mask;
            // Move j into the hole if its home is not cyclically in (hole, j].
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        values[hole] = 0;
        size--;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** A 64-bit hash of the id's characters (FNV-1a, then a murmur finalizer for the low bits). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == EMPTY ? 1 : h;
    }
}
