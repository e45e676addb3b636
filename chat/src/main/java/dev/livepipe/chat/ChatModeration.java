// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.chat.StoredChatMessage;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moderator requests: {@code chat.delete}, {@code chat.pin}, {@code user.timeout},
 * {@code user.ban}, {@code slowmode.set}. Each is checked (role, fields), stored where the
 * protocol stores it, and then published on {@code livepipe.chat.{streamId}} so every node's
 * room applies and forwards it. Stateless.
 *
 * <p><b>Threading:</b> called on the requesting socket's event loop; database work goes
 * through {@link ChatStore} and completes back there.
 */
final class ChatModeration {

    private static final Logger LOG = LoggerFactory.getLogger(ChatModeration.class);
    static final int MAX_TIMEOUT_SECONDS = 86_400;
    static final int MAX_SLOW_MODE_SECONDS = 3_600;

    private ChatModeration() {
    }

    static void handle(ChatConnection from, String type, JsonObject request, String ref) {
        if (!from.user().moderates()) {
            from.refuse(ErrorCode.FORBIDDEN, type + " is for moderators", ref);
            return;
        }
        switch (type) {
            case "chat.delete" -> delete(from, request, ref);
            case "chat.pin" -> pin(from, request, ref);
            case "user.timeout" -> timeout(from, request, ref);
            case "user.ban" -> ban(from, request, ref);
            case "slowmode.set" -> slowMode(from, request, ref);
            default -> throw new IllegalArgumentException(type);
        }
    }

    private static void delete(ChatConnection from, JsonObject request, String ref) {
        Long id = integer(request.getValue("id"), 1, Long.MAX_VALUE);
        if (id == null) {
            from.refuse(ErrorCode.INVALID_MESSAGE, "id must be a message id", ref);
            return;
        }
        ChatRoom room = from.room();
        // Whether the message was pinned comes from its row (read under the delete's lock), not
        // from the room: a pin made before this node's room opened is not known there.
        from.service().store().delete(room.streamId, id, from.user().id(), now(from)).onComplete(result -> {
            if (failed(from, result, ref)) {
                return;
            }
            if (result.result().isEmpty()) {
                from.refuse(ErrorCode.NOT_FOUND, "no message " + id + " in this stream", ref);
                return;
            }
            publish(from, ChatMessages.deleted(id, from.user()));
            if (result.result().get().unpinned()) {
                publish(from, ChatMessages.pinned(null, from.user()));
            }
        });
    }

    private static void pin(ChatConnection from, JsonObject request, String ref) {
        ChatRoom room = from.room();
        if (request.containsKey("id") && request.getValue("id") == null) {
            from.service().store().unpin(room.streamId).onComplete(result -> {
                if (!failed(from, result, ref)) {
                    publish(from, ChatMessages.pinned(null, from.user()));
                }
            });
            return;
        }
        Long id = integer(request.getValue("id"), 1, Long.MAX_VALUE);
        if (id == null) {
            from.refuse(ErrorCode.INVALID_MESSAGE, "id must be a message id or null", ref);
            return;
        }
        from.service().store().pin(room.streamId, id, from.user().id(), now(from)).onComplete(result -> {
            if (failed(from, result, ref)) {
                return;
            }
            Optional<StoredChatMessage> pinned = result.result();
            if (pinned.isEmpty()) {
                from.refuse(ErrorCode.NOT_FOUND, "no message " + id + " in this stream", ref);
                return;
            }
            publish(from, ChatMessages.pinned(pinned.get(), from.user()));
        });
    }

    private static void timeout(ChatConnection from, JsonObject request, String ref) {
        String userId = target(from, request, ref);
        Long seconds = integer(request.getValue("seconds"), 1, MAX_TIMEOUT_SECONDS);
        if (userId == null) {
            return;
        }
        if (seconds == null) {
            from.refuse(ErrorCode.INVALID_MESSAGE, "seconds must be 1.." + MAX_TIMEOUT_SECONDS, ref);
            return;
        }
        Instant until = now(from).plusSeconds(seconds);
        nameOf(from, userId).onComplete(name -> {
            if (failed(from, name, ref)) {
                return;
            }
            if (name.result().isEmpty()) {
                from.refuse(ErrorCode.NOT_FOUND, "no user " + userId + " in this chat", ref);
                return;
            }
            publish(from, ChatMessages.timedOut(userId, name.result().get(), until, from.user()));
        });
    }

    private static void ban(ChatConnection from, JsonObject request, String ref) {
        String userId = target(from, request, ref);
        if (userId == null) {
            return;
        }
        ChatRoom room = from.room();
        nameOf(from, userId).compose(name -> {
            if (name.isEmpty()) {
                return Future.succeededFuture(Optional.<String>empty());
            }
            return from.service().store().ban(room.streamId, userId, name.get(), room.broadcastUuid(),
                    from.user().id(), now(from)).map(isNew -> name);
        }).onComplete(name -> {
            if (failed(from, name, ref)) {
                return;
            }
            if (name.result().isEmpty()) {
                from.refuse(ErrorCode.NOT_FOUND, "no user " + userId + " in this chat", ref);
                return;
            }
            LOG.info("stream {}: {} banned {}", room.streamId, from.user().id(), userId);
            publish(from, ChatMessages.banned(userId, name.result().get(), from.user()));
        });
    }

    private static void slowMode(ChatConnection from, JsonObject request, String ref) {
        Long seconds = integer(request.getValue("seconds"), 0, MAX_SLOW_MODE_SECONDS);
        if (seconds == null) {
            from.refuse(ErrorCode.INVALID_MESSAGE, "seconds must be 0.." + MAX_SLOW_MODE_SECONDS, ref);
            return;
        }
        publish(from, ChatMessages.slowMode(seconds.intValue(), from.user()));
    }

    /** The target user id of a timeout or ban, or {@code null} after refusing the request. */
    private static String target(ChatConnection from, JsonObject request, String ref) {
        if (!(request.getValue("userId") instanceof String userId) || userId.isEmpty() || userId.length() > 200) {
            from.refuse(ErrorCode.INVALID_MESSAGE, "userId must be a user id", ref);
            return null;
        }
        if (userId.equals(from.user().id()) || userId.equals("admin")) {
            from.refuse(ErrorCode.FORBIDDEN, "cannot act on yourself or the admin", ref);
            return null;
        }
        return userId;
    }

    /** A user "exists" in a chat when connected here or when it ever wrote there. */
    private static Future<Optional<String>> nameOf(ChatConnection from, String userId) {
        String local = from.room().localName(userId);
        if (local != null) {
            return Future.succeededFuture(Optional.of(local));
        }
        return from.service().store().lastName(from.room().streamId, userId);
    }

    private static boolean failed(ChatConnection from, io.vertx.core.AsyncResult<?> result, String ref) {
        if (result.succeeded()) {
            return false;
        }
        LOG.warn("stream {}: moderation failed: {}", from.room().streamId, result.cause().toString());
        from.reply(ChatMessages.error(ErrorCode.UNAVAILABLE, "the request could not be stored", ref));
        return true;
    }

    private static void publish(ChatConnection from, JsonObject message) {
        from.vertx().eventBus().publish(ChatAddresses.chat(from.room().streamId), message);
    }

    private static Instant now(ChatConnection from) {
        return from.service().clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A JSON integer in [min, max], or {@code null}. */
    static Long integer(Object value, long min, long max) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            return n >= min && n <= max ? n : null;
        }
        return null;
    }
}
