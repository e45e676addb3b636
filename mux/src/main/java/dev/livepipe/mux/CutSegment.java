// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

/**
 * What a {@link SessionMuxer} hands back when it closes a segment.
 *
 * @param bytes                 the media segment ({@code moof}+{@code mdat}) in native memory; the
 *                              receiver owns its one reference and must release it
 * @param init                  the session's init segment if this is its first segment, else null
 * @param durationMicros        from the segment's first lead-track sample to the next segment's
 * @param programDateTimeMillis wall-clock time of the first sample
 * @param videoFrames           video samples in the segment
 * @param startsWithKeyframe    whether the first video sample is a sync sample (or no video)
 * @param lastArrivalNanos      {@code System.nanoTime()} arrival of the last access unit in it of the
 *                              lead track (video when there is video)
 * @param cutArrivalNanos       arrival of the access unit that closed it (the next keyframe), or
 *                              the time of the flush when the publisher left or the broadcast ended
 * @param muxNanos              time spent in FFmpeg for this segment (writes and the flush)
 * @param tail                  closed because the session ended (publisher lost, reconnect, end),
 *                              not by the next keyframe: its last access unit may be old
 */
public record CutSegment(SegmentBytes bytes, byte[] init, long durationMicros, long programDateTimeMillis,
                  int videoFrames, boolean startsWithKeyframe, long lastArrivalNanos,
                  long cutArrivalNanos, long muxNanos, boolean tail) {
}
