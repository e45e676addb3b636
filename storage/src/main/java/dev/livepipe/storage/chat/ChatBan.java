// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * A ban from one stream's chat, by user id.
 *
 * @param broadcastId the broadcast during which it was issued, or {@code null}
 * @param bannedBy    the moderator's user id
 */
public record ChatBan(String streamId, String userId, String userName, UUID broadcastId, String bannedBy,
        Instant createdAt) {
}
