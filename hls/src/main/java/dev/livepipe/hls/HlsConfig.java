// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.time.Duration;

/**
 * Settings of live HLS.
 *
 * @param targetSegmentDuration segments are cut at the first video keyframe at or after this
 *                              length (audio-only: at this length)
 * @param windowSize            segments listed in a live media playlist; as many again stay
 *                              fetchable after they leave it
 * @param endedLinger           how long an ended broadcast's playlist (with EXT-X-ENDLIST) and
 *                              segments stay served before they are dropped
 * @param firstSegmentWait      how long a playlist request for a broadcast that has no segment
 *                              yet waits for the first one before it gets 404
 * @param maxSegmentBytes       a segment that grows past this is cut at the next sample even
 *                              without a keyframe (protects memory against keyframe-less input)
 */
public record HlsConfig(Duration targetSegmentDuration, int windowSize, Duration endedLinger,
                        Duration firstSegmentWait, int maxSegmentBytes) {

    public HlsConfig {
        if (targetSegmentDuration.toMillis() < 100) {
            throw new IllegalArgumentException("target segment duration too small: " + targetSegmentDuration);
        }
        if (windowSize < 3) {
            throw new IllegalArgumentException("window must hold at least 3 segments (RFC 8216 §6.2.2)");
        }
        if (endedLinger.isNegative() || firstSegmentWait.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
        if (maxSegmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("maxSegmentBytes too small: " + maxSegmentBytes);
        }
    }

    /**
     * The given segment length and window; ended playlists linger for two windows, a playlist
     * request waits up to three target durations for the first segment, 64 MiB segment cap.
     */
    public HlsConfig(Duration targetSegmentDuration, int windowSize) {
        this(targetSegmentDuration, windowSize, targetSegmentDuration.multipliedBy(2L * windowSize),
                targetSegmentDuration.multipliedBy(3), 64 * 1024 * 1024);
    }

    /** 2 s segments, 6 in the window, the rest as in {@link #HlsConfig(Duration, int)}. */
    public static HlsConfig defaults() {
        return of(Duration.ofSeconds(2), 6);
    }

    /** Same as {@link #HlsConfig(Duration, int)}. */
    public static HlsConfig of(Duration target, int window) {
        return new HlsConfig(target, window);
    }

    /** The same settings with another linger time. */
    public HlsConfig withEndedLinger(Duration linger) {
        return new HlsConfig(targetSegmentDuration, windowSize, linger, firstSegmentWait, maxSegmentBytes);
    }

    /** The same settings with another first-segment wait. */
    public HlsConfig withFirstSegmentWait(Duration wait) {
        return new HlsConfig(targetSegmentDuration, windowSize, endedLinger, wait, maxSegmentBytes);
    }
}
