// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.List;

/**
 * One complete frame out of a {@link Depacketizer}: an H.264 access unit (its NAL units, without
 * start codes), a VP8 frame or an Opus packet (one part each).
 *
 * @param rtpTimestamp the RTP timestamp shared by its packets (unsigned 32 bits)
 * @param arrivalNanos {@link System#nanoTime()} when its last packet arrived
 * @param keyframe     IDR present (H.264), key frame per the VP8 payload header, always for Opus
 * @param parts        the NAL units, or the one frame/packet; owned by the frame, never modified
 */
public record DepacketizedFrame(long rtpTimestamp, long arrivalNanos, boolean keyframe, List<byte[]> parts) {

    public DepacketizedFrame {
        parts = List.copyOf(parts);
    }

    /** Total bytes of the parts. */
    public int size() {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        return n;
    }
}
