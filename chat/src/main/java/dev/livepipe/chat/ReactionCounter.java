// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Reactions counted since the last drain, one counter per {@link Reaction}. Sockets on any
 * event loop add; the room's timer drains. Thread-safe, lock-free.
 */
final class ReactionCounter {

    private final AtomicLongArray counts = new AtomicLongArray(Reaction.count());

    void add(Reaction reaction) {
        counts.incrementAndGet(reaction.ordinal());
    }

    /** The counts since the last drain (reset to zero), or {@code null} when all are zero. */
    long[] drain() {
        long[] drained = null;
        for (int i = 0; i < counts.length(); i++) {
            long n = counts.getAndSet(i, 0);
            if (n != 0) {
                if (drained == null) {
                    drained = new long[counts.length()];
                }
                drained[i] = n;
            }
        }
        return drained;
    }
}
