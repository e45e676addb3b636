// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * Reads bits, MSB first, from an RBSP (H.264 section 7.2, H.265 section 7.2): fixed-width
 * {@code u(n)} fields and Exp-Golomb {@code ue(v)}/{@code se(v)} codes (H.264 section 9.1).
 * Construct it with {@link #fromNal} to strip the emulation prevention bytes first.
 *
 * <p>Every read is bounds-checked and throws {@link BitstreamException} past the end.
 * Not thread-safe; the array is read, never modified.
 */
public final class BitReader {

    private final byte[] data;
    private final long bitLength;
    private long bit;

    /** Reads {@code rbsp} from its first bit. */
    public BitReader(byte[] rbsp) {
        this.data = rbsp;
        this.bitLength = rbsp.length * 8L;
    }

    /**
     * Removes emulation prevention bytes (H.264 section 7.4.1: a 0x03 after two zero bytes)
     * from {@code nal[from..)} and returns a reader over the result.
     */
    public static BitReader fromNal(byte[] nal, int from) {
        byte[] out = new byte[Math.max(0, nal.length - from)];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 0x03) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return new BitReader(java.util.Arrays.copyOf(out, n));
    }

    /** Bits not read yet. */
    public long bitsLeft() {
        return bitLength - bit;
    }

    /** One bit. */
    public boolean flag() {
        return u(1) == 1;
    }

    /** An unsigned {@code n}-bit field, 0 &lt;= n &lt;= 32. */
    public long u(int n) {
        if (n < 0 || n > 32) {
            throw new IllegalArgumentException("bad width " + n);
        }
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            int b = (data[(int) (bit >>> 3)] >> (7 - (int) (bit & 7))) & 1;
            v = (v << 1) | b;
            bit++;
        }
        return v;
    }

    /** Skips {@code n} bits. */
    public void skip(long n) {
        need(n);
        bit += n;
    }

    /** An unsigned Exp-Golomb code (9.1); at most 31 leading zeros. */
    public long ue() {
        int zeros = 0;
        while (u(1) == 0) {
            if (++zeros > 31) {
                throw new BitstreamException("Exp-Golomb code longer than 32 bits");
            }
        }
        return ((1L << zeros) - 1) + u(zeros);
    }

    /** An unsigned Exp-Golomb code that must not exceed {@code max}. */
    public int ue(int max, String what) {
        long v = ue();
        if (v > max) {
            throw new BitstreamException(what + " = " + v + " exceeds " + max);
        }
        return (int) v;
    }

    /** A signed Exp-Golomb code (9.1.1). */
    public long se() {
        long k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }

    private void need(long n) {
        if (n > bitLength - bit) {
            throw new BitstreamException("parameter set truncated");
        }
    }
}
