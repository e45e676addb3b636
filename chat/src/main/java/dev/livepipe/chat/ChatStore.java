// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.chat.ChatBanRepository;
import dev.livepipe.storage.chat.ChatDeletion;
import dev.livepipe.storage.chat.ChatHistory;
import dev.livepipe.storage.chat.ChatMessageRepository;
import dev.livepipe.storage.chat.NewChatMessage;
import dev.livepipe.storage.chat.ReactionTallyRepository;
import dev.livepipe.storage.chat.StoredChatMessage;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The chat's PostgreSQL work, run on the blocking executor. Every method may be called on
 * an event loop: it returns at once, and the future completes back on the caller's Vert.x
 * context. Thread-safe.
 */
final class ChatStore {

    /** Result of {@link #admit}. */
    enum Admission { OK, UNKNOWN_STREAM, BANNED }

    /**
     * What a joining socket needs from the database.
     *
     * @param banned whether the user is banned now (a ban may have been stored after
     *               {@link #admit} and before the socket joined its room)
     */
    record Join(ChatHistory history, Optional<StoredChatMessage> pinned, boolean banned) {
    }

    private final Vertx vertx;
    private final Database database;
    private final Executor blocking;
    private final Clock clock;

    ChatStore(Vertx vertx, Database database, Executor blocking, Clock clock) {
        this.vertx = vertx;
        this.database = database;
        this.blocking = blocking;
        this.clock = clock;
    }

    Future<Admission> admit(String streamId, String userId) {
        return call(() -> {
            if (new StreamRepository(database.dsl(), clock).get(streamId).isEmpty()) {
                return Admission.UNKNOWN_STREAM;
            }
            return bans().isBanned(streamId, userId) ? Admission.BANNED : Admission.OK;
        });
    }

    /** The join of {@code userId}: history, pin, and the ban re-checked. */
    Future<Join> join(String streamId, String userId, Long since, int limit) {
        return call(() -> {
            if (bans().isBanned(streamId, userId)) {
                return new Join(new ChatHistory(List.of(), false, List.of()), Optional.empty(), true);
            }
            return new Join(messages().history(streamId, since, limit), messages().pinned(streamId), false);
        });
    }

    Future<StoredChatMessage> insert(NewChatMessage message) {
        return call(() -> messages().insert(message));
    }

    Future<Optional<ChatDeletion>> delete(String streamId, long id, String by, Instant at) {
        return call(() -> messages().delete(streamId, id, by, at));
    }

    Future<Optional<StoredChatMessage>> pin(String streamId, long id, String by, Instant at) {
        return call(() -> messages().pin(streamId, id, by, at));
    }

    Future<Boolean> unpin(String streamId) {
        return call(() -> messages().unpin(streamId));
    }

    /** The name the user last wrote under in this stream, if the user ever wrote there. */
    Future<Optional<String>> lastName(String streamId, String userId) {
        return call(() -> messages().latestByUser(streamId, userId).map(StoredChatMessage::userName));
    }

    Future<Boolean> ban(String streamId, String userId, String name, UUID broadcastId, String by, Instant at) {
        return call(() -> bans().ban(streamId, userId, name, broadcastId, by, at));
    }

    Future<Void> addTallies(String streamId, UUID broadcastId, Instant minute, Map<String, Long> counts) {
        return call(() -> {
            new ReactionTallyRepository(database.dsl()).add(streamId, broadcastId, minute, counts);
            return null;
        });
    }

    private ChatMessageRepository messages() {
        return new ChatMessageRepository(database.dsl());
    }

    private ChatBanRepository bans() {
        return new ChatBanRepository(database.dsl());
    }

    private <T> Future<T> call(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            blocking.execute(() -> {
                try {
                    T value = work.call();
                    context.runOnContext(v -> promise.complete(value));
                } catch (Throwable e) {
                    context.runOnContext(v -> promise.fail(e));
                }
            });
        } catch (RejectedExecutionException e) {
            promise.fail(e);
        }
        return promise.future();
    }
}
