// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * Extends a wrapping counter (16-bit RTP sequence numbers, 32-bit RTP timestamps) into a
 * monotonic-looking 64-bit value, choosing for each input the candidate nearest the previous
 * result (RFC 3550 Appendix A.1 keeps a cycle count for the same purpose). The first value is
 * offset by one cycle so a slightly older packet that arrives next still unwraps to a
 * non-negative number.
 *
 * <p>Not thread-safe: one instance per stream, confined to the receive thread.
 */
public final class Unwrapper {

    private final int bits;
    private final long modulus;
    private long last = -1;

    /** @param bits width of the wrapping counter: 16 or 32 */
    public Unwrapper(int bits) {
        if (bits != 16 && bits != 32) {
            throw new IllegalArgumentException("bits must be 16 or 32");
        }
        this.bits = bits;
        this.modulus = 1L << bits;
    }

    /** Extends {@code value} (taken modulo 2^bits). */
    public long unwrap(long value) {
        long v = value & (modulus - 1);
        if (last < 0) {
            last = modulus + v;
            return last;
        }
        long delta = (v - (last & (modulus - 1))) & (modulus - 1);
        if (delta >= modulus / 2) {
            delta -= modulus; // backwards (reordered)
        }
        long ext = last + delta;
        if (delta > 0) {
            last = ext;
        }
        return ext;
    }

    /** Extends {@code value} without updating the state (what {@link #unwrap} would return). */
    public long peek(long value) {
        if (last < 0) {
            return modulus + (value & (modulus - 1));
        }
        long delta = ((value & (modulus - 1)) - (last & (modulus - 1))) & (modulus - 1);
        if (delta >= modulus / 2) {
            delta -= modulus;
        }
        return last + delta;
    }

    @Override
    public String toString() {
        return "Unwrapper[" + bits + " bits, last=" + last + "]";
    }
}
