// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.List;

/**
 * The coded bytes of one access unit, one record per codec. Consumers dispatch with an
 * exhaustive {@code switch}, never by reflection.
 *
 * <p>Buffer ownership: the arrays are handed over by the publisher when the access unit is
 * written and must never be modified afterwards; every reader may read them concurrently.
 */
public sealed interface Payload {

    /** Total number of coded bytes (without any framing). */
    int size();

    /**
     * H.264 NAL units of one picture. Built either from the NAL units (without start codes or
     * length prefixes) or, without splitting, from one length-prefixed sample as RTMP and MP4
     * carry it ({@link #ofLengthPrefixed}); {@link #nalus()} and
     * {@link #lengthPrefixedSample(int)} give either view.
     */
    final class H264 extends NalUnitPayload implements Payload {
        public H264(List<byte[]> nalus) { super(nalus); }
        private H264(byte[] sample, int lengthSize, int nalBytes) { super(sample, lengthSize, nalBytes); }

        /**
         * The picture as one ISO/IEC 14496-15 sample (every NAL unit preceded by its length in
         * {@code lengthSize} bytes), kept whole; the array is handed over and never modified.
         *
         * @throws IllegalArgumentException if a length runs past the end or is zero
         */
        public static H264 ofLengthPrefixed(byte[] sample, int lengthSize) {
            return new H264(sample, lengthSize, nalBytes(sample, lengthSize));
        }
    }

    /** HEVC NAL units of one picture; like {@link H264}. */
    final class Hevc extends NalUnitPayload implements Payload {
        public Hevc(List<byte[]> nalus) { super(nalus); }
        private Hevc(byte[] sample, int lengthSize, int nalBytes) { super(sample, lengthSize, nalBytes); }

        /** As {@link H264#ofLengthPrefixed}. */
        public static Hevc ofLengthPrefixed(byte[] sample, int lengthSize) {
            return new Hevc(sample, lengthSize, nalBytes(sample, lengthSize));
        }
    }

    /** One AV1 temporal unit as a sequence of low-overhead OBUs. */
    record Av1(byte[] temporalUnit) implements Payload {
        @Override public int size() { return temporalUnit.length; }
    }

    /** One VP8 frame. */
    record Vp8(byte[] frame) implements Payload {
        @Override public int size() { return frame.length; }
    }

    /** One raw AAC frame (no ADTS header). */
    record Aac(byte[] frame) implements Payload {
        @Override public int size() { return frame.length; }
    }

    /** One Opus packet. */
    record Opus(byte[] packet) implements Payload {
        @Override public int size() { return packet.length; }
    }

    /**
     * The NAL units of one H.264/HEVC picture, held as a list of units or as one length-prefixed
     * sample; the other form is derived on demand (and cached: a benign race, both results are
     * equal and immutable).
     */
    abstract sealed class NalUnitPayload permits H264, Hevc {
        private volatile List<byte[]> nalus;
        private final byte[] sample;
        private final int lengthSize;
        private final int size;

        NalUnitPayload(List<byte[]> nalus) {
            this.nalus = List.copyOf(nalus);
            this.sample = null;
            this.lengthSize = 0;
            int n = 0;
            for (byte[] p : this.nalus) {
                n += p.length;
            }
            this.size = n;
        }

        NalUnitPayload(byte[] sample, int lengthSize, int nalBytes) {
            this.sample = sample;
            this.lengthSize = lengthSize;
            this.size = nalBytes;
        }

        /** The NAL units, without start codes or length prefixes (split on first use). */
        public final List<byte[]> nalus() {
            List<byte[]> n = nalus;
            if (n == null) {
                List<byte[]> out = new java.util.ArrayList<>();
                int pos = 0;
                while (pos < sample.length) {
                    int len = (int) length(sample, pos, lengthSize);
                    pos += lengthSize;
                    out.add(java.util.Arrays.copyOfRange(sample, pos, pos + len));
                    pos += len;
                }
                n = List.copyOf(out);
                nalus = n;
            }
            return n;
        }

        /**
         * The picture as one sample with {@code lengthSize}-byte length prefixes, if it was built
         * that way with that length size (no copy: never modify it); otherwise null.
         */
        public final byte[] lengthPrefixedSample(int lengthSize) {
            return sample != null && this.lengthSize == lengthSize ? sample : null;
        }

        /** Total NAL unit bytes, without framing. */
        public final int size() {
            return size;
        }

        @Override
        public final boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (o == null || o.getClass() != getClass()) {
                return false;
            }
            List<byte[]> a = nalus();
            List<byte[]> b = ((NalUnitPayload) o).nalus();
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!java.util.Arrays.equals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public final int hashCode() {
            int h = getClass().hashCode();
            for (byte[] n : nalus()) {
                h = 31 * h + java.util.Arrays.hashCode(n);
            }
            return h;
        }

        @Override
        public final String toString() {
            return getClass().getSimpleName() + "[" + nalus().size() + " NAL units, " + size + " bytes]";
        }

        /** Checks a length-prefixed sample; returns its NAL unit bytes without the prefixes. */
        static int nalBytes(byte[] sample, int lengthSize) {
            if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
                throw new IllegalArgumentException("NAL length size " + lengthSize);
            }
            int pos = 0;
            int total = 0;
            while (pos < sample.length) {
                if (pos + lengthSize > sample.length) {
                    throw new IllegalArgumentException("NAL unit length prefix truncated");
                }
                long len = length(sample, pos, lengthSize);
                pos += lengthSize;
                if (len == 0 || len > sample.length - pos) {
                    throw new IllegalArgumentException("NAL unit of " + len + " bytes in a sample of " + sample.length);
                }
                pos += (int) len;
                total += (int) len;
            }
            return total;
        }

        private static long length(byte[] b, int at, int lengthSize) {
            long len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = len << 8 | (b[at + i] & 0xFF);
            }
            return len;
        }
    }
}
