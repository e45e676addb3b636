// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.analytics;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The analytics totals of one broadcast. Immutable.
 *
 * @param broadcastId   the broadcast
 * @param streamId      its stream
 * @param startedAt     when the broadcast started
 * @param endedAt       when it ended, or {@code null} while live
 * @param peakViewers   the most concurrent HLS viewer sessions
 * @param uniqueViewers distinct viewer sessions
 * @param watchSeconds  media seconds served to viewer sessions (each segment once per session)
 * @param chatMessages  chat messages while it was live
 * @param reactions     reactions while it was live
 * @param peakSockets   the most WebSocket connections to the stream seen at a once-a-second sample
 * @param updatedAt     when the row was written (set by the repository)
 */
public record AnalyticsSummary(UUID broadcastId, String streamId, Instant startedAt, Instant endedAt,
                               int peakViewers, long uniqueViewers, double watchSeconds, long chatMessages,
                               long reactions, int peakSockets, Instant updatedAt) {

    public AnalyticsSummary {
        Objects.requireNonNull(broadcastId, "broadcastId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(startedAt, "startedAt");
        if (peakViewers < 0 || uniqueViewers < 0 || watchSeconds < 0 || chatMessages < 0 || reactions < 0
                || peakSockets < 0) {
            throw new IllegalArgumentException("negative analytics totals");
        }
    }

    /** Average media seconds per viewer session (0 without viewers). */
    public double averageWatchSeconds() {
        return uniqueViewers == 0 ? 0 : watchSeconds / uniqueViewers;
    }
}
