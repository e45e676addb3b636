// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * How often one reaction was sent during one minute of one broadcast.
 *
 * @param minuteStart the minute, truncated, UTC
 */
public record ReactionTally(String streamId, UUID broadcastId, Instant minuteStart, String reaction, long total) {
}
