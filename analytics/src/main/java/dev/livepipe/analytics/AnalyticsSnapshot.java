// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import dev.livepipe.storage.analytics.AnalyticsMinute;
import java.time.Instant;
import java.util.List;

/**
 * The analytics of one broadcast at one moment, live or from the database. Immutable.
 *
 * @param streamId       the stream
 * @param broadcastId    the broadcast
 * @param live           whether the broadcast is live (or reconnecting) on this node now
 * @param startedAt      when it started
 * @param endedAt        when it ended, or null
 * @param currentViewers HLS viewer sessions current now (0 once the figures are final)
 * @param peakViewers    the most sessions current at once
 * @param uniqueViewers  distinct sessions
 * @param watchSeconds   media seconds served to sessions, each segment once per session
 * @param sockets        WebSocket connections to the stream now (0 when not live)
 * @param peakSockets    the most WebSocket connections seen
 * @param chatMessages   chat messages while live
 * @param reactions      reactions while live
 * @param series         one entry per minute, oldest first; while live the last is the open minute
 */
public record AnalyticsSnapshot(String streamId, String broadcastId, boolean live, Instant startedAt,
                                Instant endedAt, int currentViewers, int peakViewers, long uniqueViewers,
                                double watchSeconds, int sockets, int peakSockets, long chatMessages,
                                long reactions, List<AnalyticsMinute> series) {

    public AnalyticsSnapshot {
        series = List.copyOf(series);
    }

    /** Watch seconds per unique viewer (0 without viewers). */
    public double averageWatchSeconds() {
        return uniqueViewers == 0 ? 0 : watchSeconds / uniqueViewers;
    }
}
