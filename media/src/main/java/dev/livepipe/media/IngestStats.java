// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.ArrayDeque;

/**
 * Running statistics of what a broadcast's publisher sends: bitrate and frame rate over a
 * sliding window of about 5 s, keyframe interval, totals. Rates are measured against media time
 * (decode timestamps), not arrival time, so the burst of frames an edge releases when a publish
 * starts does not inflate them.
 *
 * <p>Threading: {@link #record} is called by the one publisher thread; {@link #snapshot} may be
 * called from any thread and sees a consistent copy (both are synchronized; the cost is one
 * uncontended lock per access unit).
 */
public final class IngestStats {

    private static final long WINDOW_MICROS = 5_000_000L;

    private final ArrayDeque<long[]> window = new ArrayDeque<>(); // {dtsMicros, bytes, isVideo}
    private long windowBytes;
    private int windowVideoFrames;
    private long totalBytes;
    private long videoFrames;
    private long audioFrames;
    private long lastKeyframeMicros = -1;
    private double keyframeIntervalSeconds;

    /** Counts one access unit that arrived from the publisher. */
    public synchronized void record(AccessUnit unit) {
        long now = unit.dtsMicros();
        boolean video = unit.track().mediaType() == MediaType.VIDEO;
        int bytes = unit.payload().size();
        window.addLast(new long[] {now, bytes, video ? 1 : 0});
        windowBytes += bytes;
        totalBytes += bytes;
        if (video) {
            windowVideoFrames++;
            videoFrames++;
            if (unit.keyframe()) {
                long t = unit.dtsMicros();
                if (lastKeyframeMicros >= 0 && t > lastKeyframeMicros) {
                    keyframeIntervalSeconds = (t - lastKeyframeMicros) / 1e6;
                }
                lastKeyframeMicros = t;
            }
        } else {
            audioFrames++;
        }
        while (!window.isEmpty() && now - window.peekFirst()[0] > WINDOW_MICROS) {
            long[] old = window.removeFirst();
            windowBytes -= old[1];
            windowVideoFrames -= (int) old[2];
        }
    }

    /** Resets the timing after a publisher reconnect (timestamps restart). */
    public synchronized void resetTimeline() {
        lastKeyframeMicros = -1;
        window.clear();
        windowBytes = 0;
        windowVideoFrames = 0;
    }

    /** A consistent copy of the figures. */
    public synchronized Snapshot snapshot() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstVideo = Long.MAX_VALUE;
        long lastVideo = Long.MIN_VALUE;
        for (long[] e : window) {
            first = Math.min(first, e[0]);
            last = Math.max(last, e[0]);
            if (e[2] == 1) {
                firstVideo = Math.min(firstVideo, e[0]);
                lastVideo = Math.max(lastVideo, e[0]);
            }
        }
        double spanSeconds = window.size() > 1 ? (last - first) / 1e6 : 0;
        double videoSpanSeconds = windowVideoFrames > 1 ? (lastVideo - firstVideo) / 1e6 : 0;
        double bitrate = spanSeconds > 0 ? windowBytes * 8 / spanSeconds : 0;
        // n frames span n-1 frame intervals.
        double fps = videoSpanSeconds > 0 ? (windowVideoFrames - 1) / videoSpanSeconds : 0;
        return new Snapshot(Math.round(bitrate), Math.round(fps * 100) / 100.0,
                keyframeIntervalSeconds, totalBytes, videoFrames, audioFrames);
    }

    /**
     * Figures at one moment.
     *
     * @param bitrateBps              bits per second over the last 5 s of media time
     * @param frameRate               video frames per second over the last 5 s of media time
     * @param keyframeIntervalSeconds distance between the last two video keyframes
     * @param totalBytes              payload bytes since the broadcast started
     * @param videoFrames             video access units since the start
     * @param audioFrames             audio access units since the start
     */
    public record Snapshot(long bitrateBps, double frameRate, double keyframeIntervalSeconds,
                           long totalBytes, long videoFrames, long audioFrames) {
    }
}
