// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.ArrayDeque;

/**
 * Running statistics of what a broadcast's publisher sends: bitrate and frame rate over a
 * sliding window, keyframe interval, totals.
 *
 * <p>Threading: {@link #record} is called by the one publisher thread; {@link #snapshot} may be
 * called from any thread and sees a consistent copy (both are synchronized; the cost is one
 * uncontended lock per access unit).
 */
public final class IngestStats {

    private static final long WINDOW_NANOS = 5_000_000_000L;

    private final ArrayDeque<long[]> window = new ArrayDeque<>(); // {arrivalNanos, bytes, isVideo}
    private long windowBytes;
    private int windowVideoFrames;
    private long totalBytes;
    private long videoFrames;
    private long audioFrames;
    private long lastKeyframeMicros = -1;
    private double keyframeIntervalSeconds;

    /** Counts one access unit that arrived from the publisher. */
    public synchronized void record(AccessUnit unit) {
        long now = unit.arrivalNanos();
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
        while (!window.isEmpty() && now - window.peekFirst()[0] > WINDOW_NANOS) {
            long[] old = window.removeFirst();
            windowBytes -= old[1];
            windowVideoFrames -= (int) old[2];
        }
    }

    /** Resets the keyframe tracking after a publisher reconnect (timestamps restart). */
    public synchronized void resetTimeline() {
        lastKeyframeMicros = -1;
    }

    /** A consistent copy of the figures. */
    public synchronized Snapshot snapshot() {
        double spanSeconds = 0;
        if (window.size() > 1) {
            spanSeconds = (window.peekLast()[0] - window.peekFirst()[0]) / 1e9;
        }
        double bitrate = spanSeconds > 0 ? windowBytes * 8 / spanSeconds : 0;
        double fps = spanSeconds > 0 ? windowVideoFrames / spanSeconds : 0;
        return new Snapshot(Math.round(bitrate), Math.round(fps * 100) / 100.0,
                keyframeIntervalSeconds, totalBytes, videoFrames, audioFrames);
    }

    /**
     * Figures at one moment.
     *
     * @param bitrateBps              bits per second over the last 5 s
     * @param frameRate               video frames per second over the last 5 s
     * @param keyframeIntervalSeconds distance between the last two video keyframes
     * @param totalBytes              payload bytes since the broadcast started
     * @param videoFrames             video access units since the start
     * @param audioFrames             audio access units since the start
     */
    public record Snapshot(long bitrateBps, double frameRate, double keyframeIntervalSeconds,
                           long totalBytes, long videoFrames, long audioFrames) {
    }
}
