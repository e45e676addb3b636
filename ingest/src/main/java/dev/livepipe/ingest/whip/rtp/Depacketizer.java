// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * Turns the in-order packets of one RTP stream (after the {@link JitterBuffer}) into frames.
 * Implementations copy what they keep: the packet may be a view of a buffer reused afterwards.
 * Not thread-safe: confined to the receiver's lock.
 */
public interface Depacketizer {

    /** Where frames go, and where a depacketizer asks for a keyframe. */
    interface Sink {
        /** A complete, decodable frame. */
        void frame(DepacketizedFrame frame);

        /** A frame was dropped (loss, missing fragments): the decoder needs a keyframe (PLI). */
        void keyframeNeeded(String reason);
    }

    /** The next packet in sequence order. */
    void packet(RtpPacket packet, long arrivalNanos);

    /** Packets were lost for good just before the next one. */
    void gap();

    /** Frames dropped so far (incomplete, or waiting for a keyframe). */
    long framesDropped();
}
