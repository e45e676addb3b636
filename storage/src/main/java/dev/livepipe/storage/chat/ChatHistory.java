// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.util.List;

/**
 * A slice of a stream's chat for a client that joins or reconnects.
 *
 * @param messages  messages that are not deleted, oldest first
 * @param truncated whether more messages matched than {@code messages} holds (the oldest
 *                  were left out)
 * @param deleted   ids of messages up to the reconnect point that were deleted since
 *                  (empty for a fresh join)
 */
public record ChatHistory(List<StoredChatMessage> messages, boolean truncated, List<Long> deleted) {

    public ChatHistory {
        messages = List.copyOf(messages);
        deleted = List.copyOf(deleted);
    }
}
