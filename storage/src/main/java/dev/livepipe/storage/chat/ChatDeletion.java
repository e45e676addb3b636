// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import java.util.Objects;

/**
 * The outcome of {@link ChatMessageRepository#delete}. Immutable.
 *
 * @param message  the message after the call (deleted)
 * @param unpinned whether this call unpinned it: it was the stream's pinned message when it
 *                 was deleted (always false when it had been deleted before)
 */
public record ChatDeletion(StoredChatMessage message, boolean unpinned) {

    public ChatDeletion {
        Objects.requireNonNull(message, "message");
    }
}
