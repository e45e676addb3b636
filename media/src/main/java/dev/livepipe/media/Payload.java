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

    /** H.264 NAL units of one picture, without start codes or length prefixes. */
    record H264(List<byte[]> nalus) implements Payload {
        public H264 { nalus = List.copyOf(nalus); }
        @Override public int size() { return sum(nalus); }
    }

    /** HEVC NAL units of one picture, without start codes or length prefixes. */
    record Hevc(List<byte[]> nalus) implements Payload {
        public Hevc { nalus = List.copyOf(nalus); }
        @Override public int size() { return sum(nalus); }
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

    private static int sum(List<byte[]> parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }
}
