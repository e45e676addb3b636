// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.mux.SegmentBytes;

/**
 * One media segment of a live broadcast, as listed in its media playlist.
 *
 * @param sequence              media sequence number (from 0 per broadcast, never reused)
 * @param initId                the init segment it needs (one per publisher session)
 * @param discontinuity         preceded by EXT-X-DISCONTINUITY (first segment after a reconnect)
 * @param durationMicros        EXTINF
 * @param programDateTimeMillis wall-clock time of its first sample
 * @param bytes                 {@code moof}+{@code mdat} in native memory; never modified, shared by
 *                              every response. The {@link SegmentWindow} owns one reference and
 *                              releases it when the segment stops being fetchable; a response
 *                              takes its own ({@link SegmentBytes#tryRetain()}) while it writes.
 * @param videoFrames           video samples in it
 * @param startsWithKeyframe    whether its first video sample is a sync sample
 */
public record Segment(long sequence, int initId, boolean discontinuity, long durationMicros,
                      long programDateTimeMillis, SegmentBytes bytes, int videoFrames, boolean startsWithKeyframe) {

    /** Bits per second of this segment. */
    public long bitrate() {
        return durationMicros <= 0 ? 0 : bytes.length() * 8L * 1_000_000L / durationMicros;
    }
}
