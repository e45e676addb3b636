// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

/**
 * A sliding-window limit: at most {@code max} events in any window of {@code windowMillis}.
 * Keeps the times of the last {@code max} events in a ring. Not thread-safe: one
 * connection's event loop owns it.
 */
final class RateWindow {

    private final long[] times;
    private final long windowMillis;
    private int next;
    private int size;

    RateWindow(int max, long windowMillis) {
        this.times = new long[max];
        this.windowMillis = windowMillis;
    }

    /** Records an event at {@code nowMillis} if the limit allows it. @return whether it did */
    boolean tryAcquire(long nowMillis) {
        if (size < times.length) {
            times[(next + size) % times.length] = nowMillis;
            size++;
            return true;
        }
        if (times[next] > nowMillis - windowMillis) {
            return false;
        }
        times[next] = nowMillis;
        next = (next + 1) % times.length;
        return true;
    }
}
