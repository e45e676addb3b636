// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * When one segment's media arrived and when viewers could fetch it, for latency figures. All
 * instants are {@link System#nanoTime()} values of this process.
 *
 * @param streamId         the stream
 * @param broadcastId      the broadcast
 * @param sequence         the segment's media sequence number
 * @param durationMicros   its EXTINF
 * @param bytes            its size
 * @param lastArrivalNanos arrival at ingest of the last access unit in it of the lead track (video
 *                         when there is video)
 * @param cutArrivalNanos  arrival of the access unit that closed it (usually the next keyframe)
 * @param fetchableNanos   when the playlist listing it was published to the HTTP side
 * @param muxNanos         time spent in FFmpeg for it
 * @param tail             closed because its session ended (publisher lost, reconnect, end) rather
 *                         than by the next keyframe; its latency then includes the wait for that
 *                         event, so latency percentiles leave tails out
 */
public record SegmentTiming(String streamId, String broadcastId, long sequence, long durationMicros, int bytes,
                            long lastArrivalNanos, long cutArrivalNanos, long fetchableNanos, long muxNanos,
                            boolean tail) {

    /** From the arrival of the segment's last access unit to the moment it was fetchable. */
    public long latencyNanos() {
        return fetchableNanos - lastArrivalNanos;
    }

    /** From the arrival of the access unit that closed the segment to the moment it was fetchable. */
    public long processingNanos() {
        return fetchableNanos - cutArrivalNanos;
    }
}
