// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.broadcasts;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored broadcast: one go-live of a stream. Immutable.
 *
 * @param id              broadcast id (chosen by the media hub)
 * @param streamId        the stream it belongs to
 * @param startedAt       when the publisher first went live
 * @param endedAt         when it ended, {@code null} while not ended
 * @param status          current status
 * @param reconnects      how many times a publisher reconnected into it
 * @param publisher       the current (latest) publisher
 * @param lastIngestStats latest ingest statistics as a JSON document, or {@code null}
 */
public record BroadcastInfo(
        UUID id,
        String streamId,
        Instant startedAt,
        Instant endedAt,
        BroadcastStatus status,
        int reconnects,
        PublisherInfo publisher,
        String lastIngestStats) {
}
