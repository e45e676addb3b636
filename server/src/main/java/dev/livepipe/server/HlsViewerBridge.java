// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.analytics.ViewerAnalytics;
import dev.livepipe.hls.HlsAccessListener;
import dev.livepipe.server.metrics.PrometheusMetrics;

/**
 * Adapts the HLS module's access reports to viewer analytics and the request counters, so that
 * neither module depends on the other.
 *
 * <p>Threading: called on HTTP event loops; forwards without blocking.
 */
final class HlsViewerBridge implements HlsAccessListener {

    private final ViewerAnalytics analytics;
    private final PrometheusMetrics metrics;

    HlsViewerBridge(ViewerAnalytics analytics, PrometheusMetrics metrics) {
        this.analytics = analytics;
        this.metrics = metrics;
    }

    @Override
    public void onPlaylist(String streamId, String broadcastId, String session) {
        metrics.playlistServed();
        analytics.onPlaylist(streamId, broadcastId, session);
    }

    @Override
    public void onSegment(String streamId, String broadcastId, String session, long sequence, long durationMicros) {
        metrics.segmentServed();
        analytics.onSegment(streamId, broadcastId, session, sequence, durationMicros);
    }
}
