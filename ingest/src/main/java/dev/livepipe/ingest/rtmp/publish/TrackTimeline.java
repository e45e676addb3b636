// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

/**
 * Turns the 32-bit millisecond timestamps of one RTMP track into a 64-bit, non-decreasing decode
 * timeline: each timestamp is taken relative to the previous one as a signed 32-bit difference,
 * so the wrap after 2^32 ms (about 49.7 days, or sooner for publishers that start high) continues
 * smoothly, and a timestamp that goes backwards is held at the last value.
 *
 * <p>Audio and video timelines both start from the publisher's raw timestamps, so they stay in
 * sync. Not thread-safe; one per track, on the connection's event loop.
 */
public final class TrackTimeline {

    private boolean started;
    private long lastRaw;
    private long unwrapped;
    private long lastDts;
    private long clamped;

    /** The decode time for the next message's raw 32-bit timestamp. */
    public long next(long raw32) {
        long raw = raw32 & 0xFFFF_FFFFL;
        if (!started) {
            started = true;
            unwrapped = raw;
            lastDts = raw;
        } else {
            int delta = (int) (raw - lastRaw); // signed 32-bit difference handles the wrap
            unwrapped += delta;
        }
        lastRaw = raw;
        long dts = unwrapped;
        if (dts < lastDts) {
            dts = lastDts;
            clamped++;
        }
        lastDts = dts;
        return dts;
    }

    /** How many timestamps went backwards and were held. */
    public long clamped() {
        return clamped;
    }
}
