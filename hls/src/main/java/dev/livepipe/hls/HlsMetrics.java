// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * Hears HLS timing events, e.g. for a benchmark that computes latency percentiles or for
 * Prometheus metrics.
 *
 * <p>Threading: called on the broadcast's muxing thread, right after the event; must be quick
 * and must not throw (exceptions are logged and ignored).
 */
public interface HlsMetrics {

    /** A segment became fetchable. */
    default void onSegment(SegmentTiming timing) {
    }

    /**
     * A broadcast's first playlist became fetchable, {@code nanosSinceStart} after the broadcast
     * started (its first publisher arrived).
     */
    default void onFirstPlaylist(String streamId, String broadcastId, long nanosSinceStart) {
    }
}
