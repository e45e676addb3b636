// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A chat message to insert; the database assigns the id. The caller has validated the
 * text (length, characters); the table only checks that it is not empty and at most 2000
 * characters.
 *
 * @param broadcastId the current broadcast, or {@code null} while the stream is offline
 */
public record NewChatMessage(String streamId, UUID broadcastId, String userId, String userName, String userRole,
        String text, Instant createdAt) {

    public NewChatMessage {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(userRole, "userRole");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
