// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * Byte-level scans of a chat frame's JSON text for the benchmark clients ({@link ChatFleet}):
 * cheaper than a JSON parse at a million frames a second. Pure functions over {@code b[0, n)};
 * the caller owns the array. Any thread.
 */
final class FrameScan {

    /** The counts object of a {@code reaction.burst}: the sum of its values and where it lies. */
    record Counts(long sum, int open, int close) {
    }

    private FrameScan() {
    }

    /** The first index of {@code needle} at or after {@code from}, or -1. */
    static int indexOf(byte[] b, int n, byte[] needle, int from) {
        byte first = needle[0];
        outer:
        for (int i = from, last = n - needle.length; i <= last; i++) {
            if (b[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where the run of ASCII digits starting at {@code i} ends. */
    static int digitsEnd(byte[] b, int n, int i) {
        while (i < n && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    /** The decimal number written in {@code b[from, to)} (digits only). */
    static long number(byte[] b, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }

    /**
     * The flat object of non-negative numbers that starts at the first {@code '{'} at or after
     * {@code from} (such as {@code "counts":{"heart":3,"fire":2}}): the sum of its values, the
     * index of its {@code '{'} and of its {@code '}'} (or {@code n} when it is cut off).
     */
    static Counts counts(byte[] b, int n, int from) {
        int i = from;
        while (i < n && b[i] != '{') {
            i++;
        }
        int open = i;
        long sum = 0;
        while (i < n && b[i] != '}') {
            if (b[i] == ':') {
                i++;
                while (i < n && b[i] == ' ') {
                    i++;
                }
                int end = digitsEnd(b, n, i);
                sum += number(b, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return new Counts(sum, open, i);
    }
}
