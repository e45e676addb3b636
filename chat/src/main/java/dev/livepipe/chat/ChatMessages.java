// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.chat.StoredChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds the server → client messages of docs/chat-protocol.md as JSON objects (the same
 * objects travel on the event bus). Stateless.
 */
final class ChatMessages {

    /** The protocol version in {@code welcome.protocol}. */
    static final int PROTOCOL = 1;

    private ChatMessages() {
    }

    static JsonObject user(ChatUser user) {
        return new JsonObject().put("id", user.id()).put("name", user.name()).put("role", user.role());
    }

    static String time(Instant at) {
        return at.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    static JsonObject welcome(ChatUser user, ChatConfig config, int slowModeSeconds, JsonObject viewers,
            String status, JsonObject pinned) {
        JsonObject limits = new JsonObject()
                .put("maxTextLength", config.maxTextLength())
                .put("maxFrameBytes", config.maxFrameBytes())
                .put("messagesPerInterval", config.messagesPerInterval())
                .put("intervalSeconds", config.interval().toSeconds())
                .put("slowModeSeconds", slowModeSeconds)
                .put("reactionsPerSecond", config.reactionsPerSecond());
        return new JsonObject().put("type", "welcome").put("protocol", PROTOCOL).put("user", user(user))
                .put("limits", limits).put("viewers", viewers).put("stream", new JsonObject().put("status", status))
                .put("pinned", pinned).put("reactions", Reaction.names());
    }

    static JsonObject history(List<StoredChatMessage> messages, boolean truncated, List<Long> deleted) {
        JsonArray array = new JsonArray();
        for (StoredChatMessage m : messages) {
            array.add(chatMessage(m));
        }
        return new JsonObject().put("type", "chat.history").put("messages", array).put("truncated", truncated)
                .put("deleted", new JsonArray(List.copyOf(deleted)));
    }

    static JsonObject chatMessage(StoredChatMessage m) {
        return new JsonObject().put("type", "chat.message").put("id", m.id())
                .put("user", new JsonObject().put("id", m.userId()).put("name", m.userName()).put("role", m.userRole()))
                .put("text", m.text()).put("time", time(m.createdAt()));
    }

    static JsonObject deleted(long id, ChatUser by) {
        return new JsonObject().put("type", "chat.deleted").put("id", id).put("by", user(by));
    }

    static JsonObject pinned(StoredChatMessage message, ChatUser by) {
        return new JsonObject().put("type", "chat.pinned")
                .put("message", message == null ? null : chatMessage(message)).put("by", user(by));
    }

    static JsonObject timedOut(String userId, String name, Instant until, ChatUser by) {
        return new JsonObject().put("type", "user.timedout").put("userId", userId).put("name", name)
                .put("until", time(until)).put("by", user(by));
    }

    static JsonObject banned(String userId, String name, ChatUser by) {
        return new JsonObject().put("type", "user.banned").put("userId", userId).put("name", name)
                .put("by", user(by));
    }

    static JsonObject slowMode(int seconds, ChatUser by) {
        return new JsonObject().put("type", "slowmode").put("seconds", seconds).put("by", user(by));
    }

    static JsonObject burst(long[] counts, long windowMillis) {
        JsonObject byName = new JsonObject();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                byName.put(Reaction.at(i).wire(), counts[i]);
            }
        }
        return new JsonObject().put("type", "reaction.burst").put("counts", byName).put("window", windowMillis);
    }

    static JsonObject viewers(long current, long peak, long sockets) {
        return new JsonObject().put("type", "viewers.update").put("current", current).put("peak", peak)
                .put("sockets", sockets);
    }

    static JsonObject viewerCounts(long current, long peak, long sockets) {
        return new JsonObject().put("current", current).put("peak", peak).put("sockets", sockets);
    }

    static JsonObject status(String status) {
        return new JsonObject().put("type", "stream.status").put("status", status);
    }

    static JsonObject error(ErrorCode code, String message, String ref) {
        JsonObject error = new JsonObject().put("type", "error").put("code", code.code()).put("message", message);
        if (ref != null) {
            error.put("ref", ref);
        }
        return error;
    }

    static JsonObject pong() {
        return new JsonObject().put("type", "pong");
    }
}
