// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.analytics;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One minute of one broadcast's analytics. Immutable.
 *
 * @param broadcastId  the broadcast
 * @param minute       the minute's start (UTC, whole minute)
 * @param viewers      current HLS viewer sessions when the minute closed (or now, while it is open)
 * @param peakViewers  the most concurrent viewer sessions during the minute
 * @param sockets      WebSocket connections to the stream when the minute closed
 * @param chatMessages chat messages during the minute
 * @param reactions    reactions during the minute
 * @param watchSeconds media seconds served to viewer sessions during the minute
 */
public record AnalyticsMinute(UUID broadcastId, Instant minute, int viewers, int peakViewers, int sockets,
                              long chatMessages, long reactions, double watchSeconds) {

    public AnalyticsMinute {
        Objects.requireNonNull(broadcastId, "broadcastId");
        Objects.requireNonNull(minute, "minute");
        if (viewers < 0 || peakViewers < viewers || sockets < 0 || chatMessages < 0 || reactions < 0
                || watchSeconds < 0) {
            throw new IllegalArgumentException("inconsistent minute: " + viewers + "/" + peakViewers + " viewers");
        }
    }
}
