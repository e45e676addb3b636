// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * One stored chat message, as {@link ChatMessageRepository} reads it. Immutable.
 *
 * @param id          the message id (PostgreSQL bigserial; increases per stream)
 * @param streamId    the stream, or {@code null} after the stream was deleted
 * @param broadcastId the broadcast that was current when it was sent, or {@code null}
 * @param userRole    {@code viewer}, {@code moderator} or {@code broadcaster}
 * @param deletedAt   when a moderator deleted it, or {@code null}
 * @param pinnedAt    when it was pinned, or {@code null} when it is not pinned
 */
public record StoredChatMessage(long id, String streamId, UUID broadcastId, String userId, String userName,
        String userRole, String text, Instant createdAt, Instant deletedAt, String deletedBy, Instant pinnedAt,
        String pinnedBy) {

    /** Whether a moderator deleted it. */
    public boolean deleted() {
        return deletedAt != null;
    }

    /** Whether it is the stream's pinned message. */
    public boolean pinned() {
        return pinnedAt != null;
    }
}
