// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One server → client message, encoded once (JSON text and its UTF-8 bytes) and written to
 * every local socket of a room. Immutable in practice: nobody writes to {@link #utf8()}.
 * Shared across event loops.
 *
 * @param text        the JSON text of the frame
 * @param utf8        the same text in UTF-8, shared by every socket's frame; read-only
 * @param chatId      for {@code chat.message}, its id (to drop duplicates of history);
 *                    otherwise -1
 * @param droppable   whether a socket whose write queue is full may skip it (reaction
 *                    bursts, viewer counts) instead of being closed as too slow
 * @param closeUserId for {@code user.banned}, the banned user whose sockets close with 4003
 *                    after receiving it; otherwise {@code null}
 */
record Outgoing(String text, byte[] utf8, long chatId, boolean droppable, String closeUserId) {

    /** Encodes a bus message for the sockets. */
    static Outgoing of(JsonObject body) {
        String type = body.getString("type", "");
        String text = body.encode();
        return switch (type) {
            case "chat.message" -> of(text, body.getLong("id", -1L), false, null);
            case "user.banned" -> of(text, -1, false, body.getString("userId"));
            case "reaction.burst", "viewers.update" -> of(text, -1, true, null);
            default -> of(text, -1, false, null);
        };
    }

    /**
     * Several messages in one frame: {@code {"type":"batch","messages":[…]}}, the messages'
     * own JSON texts in order (docs/chat-protocol.md). Not droppable: it may hold chat.
     */
    static Outgoing batch(List<Outgoing> messages) {
        StringBuilder text = new StringBuilder(32 + messages.size() * 160).append("{\"type\":\"batch\",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(messages.get(i).text());
        }
        return of(text.append("]}").toString(), -1, false, null);
    }

    static Outgoing of(String text, long chatId, boolean droppable, String closeUserId) {
        return new Outgoing(text, text.getBytes(StandardCharsets.UTF_8), chatId, droppable, closeUserId);
    }
}
