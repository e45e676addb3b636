// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts this node's chat sockets per remote address and refuses more than the limit.
 * Thread-safe (sockets of one address may sit on different event loops).
 */
final class ConnectionLimiter {

    private final int max;
    private final ConcurrentHashMap<String, Integer> counts = new ConcurrentHashMap<>();

    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Takes a slot for the address. @return false when it already holds {@code max} */
    boolean tryAcquire(String address) {
        boolean[] taken = {false};
        counts.compute(address, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= max) {
                return n;
            }
            taken[0] = true;
            return current + 1;
        });
        return taken[0];
    }

    /** Gives a slot back. */
    void release(String address) {
        counts.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    }
}
