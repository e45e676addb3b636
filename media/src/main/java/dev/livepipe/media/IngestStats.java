// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * Running statistics of what a broadcast's publisher sends: bitrate and frame rate over a
 * sliding window of about 5 s, keyframe interval, totals. Rates are measured against media time
 * (decode timestamps), not arrival time, so the burst of frames an edge releases when a publish
 * starts does not inflate them.
 *
 * <p>Threading: {@link #record} is called by the one publisher thread; {@link #snapshot} may be
 * called from any thread and sees a consistent copy (both are synchronized; the cost is one
 * uncontended lock per access unit). The window is a ring of primitive arrays: recording a unit
 * allocates nothing.
 */
public final class IngestStats {

    private static final long WINDOW_MICROS = 5_000_000L;

    // the window, oldest first: a ring of (dtsMicros, bytes, isVideo) starting at head
    private long[] winDts = new long[512];
    private int[] winBytes = new int[512];
    private boolean[] winVideo = new boolean[512];
    private int head;
    private int count;
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
        if (count == winDts.length) {
            grow();
        }
        int tail = (head + count) % winDts.length;
        winDts[tail] = now;
        winBytes[tail] = bytes;
        winVideo[tail] = video;
        count++;
        windowBytes += bytes;
        totalBytes += bytes;
        if (video) {
            windowVideoFrames++;
            videoFrames++;
            if (unit.keyframe()) {
                long t = now;
                if (lastKeyframeMicros >= 0 && t > lastKeyframeMicros) {
                    keyframeIntervalSeconds = (t - lastKeyframeMicros) / 1e6;
                }
                lastKeyframeMicros = t;
            }
        } else {
            audioFrames++;
        }
        while (count > 0 && now - winDts[head] > WINDOW_MICROS) {
            windowBytes -= winBytes[head];
            windowVideoFrames -= winVideo[head] ? 1 : 0;
            head = (head + 1) % winDts.length;
            count--;
        }
    }

    /** Doubles the ring, oldest entry first at index 0. */
    private void grow() {
        int n = winDts.length;
        long[] d = new long[n * 2];
        int[] b = new int[n * 2];
        boolean[] v = new boolean[n * 2];
        for (int i = 0; i < count; i++) {
            int j = (head + i) % n;
            d[i] = winDts[j];
            b[i] = winBytes[j];
            v[i] = winVideo[j];
        }
        winDts = d;
        winBytes = b;
        winVideo = v;
        head = 0;
    }

    /** Resets the timing after a publisher reconnect (timestamps restart). */
    public synchronized void resetTimeline() {
        lastKeyframeMicros = -1;
        head = 0;
        count = 0;
        windowBytes = 0;
        windowVideoFrames = 0;
    }

    /** A consistent copy of the figures. */
    public synchronized Snapshot snapshot() {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long firstVideo = Long.MAX_VALUE;
        long lastVideo = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            int j = (head + i) % winDts.length;
            long t = winDts[j];
            first = Math.min(first, t);
            last = Math.max(last, t);
            if (winVideo[j]) {
                firstVideo = Math.min(firstVideo, t);
                lastVideo = Math.max(lastVideo, t);
            }
        }
        double spanSeconds = count > 1 ? (last - first) / 1e6 : 0;
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
