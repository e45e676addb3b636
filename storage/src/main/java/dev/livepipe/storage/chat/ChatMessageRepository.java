// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static dev.livepipe.storage.jooq.Tables.CHAT_MESSAGES;
import static dev.livepipe.storage.jooq.Tables.STREAMS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.ChatMessagesRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Chat messages in PostgreSQL: insert, history for joining and reconnecting clients,
 * soft delete, one pin per stream, replay by broadcast.
 *
 * <p>Ids come from the table's bigserial, so they increase per stream across nodes; a
 * message is published to clients only after {@link #insert} returned its id. Deleted
 * messages keep their row ({@code deleted_at}, {@code deleted_by}); history leaves them out.
 * Pinning, unpinning and deleting take a row lock on the stream so that they serialize per
 * stream (a partial unique index also allows at most one pin per stream).
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class ChatMessageRepository {

    /** Most ids {@link #history} reports as deleted since a reconnect point. */
    public static final int MAX_DELETED_IDS = 500;

    private final DSLContext dsl;

    public ChatMessageRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Stores a message and returns it with its new id.
     *
     * @throws org.jooq.exception.IntegrityConstraintViolationException when the stream or
     *         broadcast does not exist, or the text is empty or longer than 2000 characters
     */
    public StoredChatMessage insert(NewChatMessage message) {
        return toMessage(dsl.insertInto(CHAT_MESSAGES)
                .set(CHAT_MESSAGES.STREAM_ID, message.streamId())
                .set(CHAT_MESSAGES.BROADCAST_ID, message.broadcastId())
                .set(CHAT_MESSAGES.USER_ID, message.userId())
                .set(CHAT_MESSAGES.USER_NAME, message.userName())
                .set(CHAT_MESSAGES.USER_ROLE, message.userRole())
                .set(CHAT_MESSAGES.TEXT, message.text())
                .set(CHAT_MESSAGES.CREATED_AT, Timestamps.toDb(message.createdAt()))
                .returning()
                .fetchSingle());
    }

    /** The message with this id in this stream, deleted or not. */
    public Optional<StoredChatMessage> get(String streamId, long id) {
        return dsl.selectFrom(CHAT_MESSAGES)
                .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.ID.eq(id)))
                .fetchOptional()
                .map(ChatMessageRepository::toMessage);
    }

    /**
     * What a client gets on joining: with {@code sinceId} {@code null}, the last
     * {@code limit} messages that are not deleted; otherwise every message after
     * {@code sinceId} that is not deleted (the newest {@code limit} of them when there are
     * more), and the ids up to {@code sinceId} that were deleted at or after the time of
     * message {@code sinceId} (at most {@link #MAX_DELETED_IDS}).
     */
    public ChatHistory history(String streamId, Long sinceId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
        var notDeleted = CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.DELETED_AT.isNull());
        var condition = sinceId == null ? notDeleted : notDeleted.and(CHAT_MESSAGES.ID.gt(sinceId));
        List<StoredChatMessage> newestFirst = dsl.selectFrom(CHAT_MESSAGES)
                .where(condition)
                .orderBy(CHAT_MESSAGES.ID.desc())
                .limit(limit + 1)
                .fetch(ChatMessageRepository::toMessage);
        boolean truncated = newestFirst.size() > limit;
        List<StoredChatMessage> messages = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
        Collections.reverse(messages);
        List<Long> deleted = sinceId == null ? List.of() : deletedSince(streamId, sinceId);
        return new ChatHistory(messages, truncated, deleted);
    }

    private List<Long> deletedSince(String streamId, long sinceId) {
        Optional<StoredChatMessage> since = get(streamId, sinceId);
        if (since.isEmpty()) {
            return List.of();
        }
        return dsl.select(CHAT_MESSAGES.ID).from(CHAT_MESSAGES)
                .where(CHAT_MESSAGES.STREAM_ID.eq(streamId)
                        .and(CHAT_MESSAGES.ID.le(sinceId))
                        .and(CHAT_MESSAGES.DELETED_AT.ge(Timestamps.toDb(since.get().createdAt()))))
                .orderBy(CHAT_MESSAGES.ID)
                .limit(MAX_DELETED_IDS)
                .fetch(CHAT_MESSAGES.ID);
    }

    /**
     * Soft-deletes a message (and unpins it). Deleting a deleted message changes nothing.
     * Takes the same row lock on the stream as {@link #pin}, so whether the message was the
     * pinned one is decided against every pin committed before.
     *
     * @return the message after the call, and whether this call unpinned it; empty when the
     *         stream has no such message
     */
    public Optional<ChatDeletion> delete(String streamId, long id, String by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            lockStream(t, streamId);
            ChatMessagesRecord before = t.selectFrom(CHAT_MESSAGES)
                    .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.ID.eq(id)))
                    .forUpdate()
                    .fetchOne();
            if (before == null) {
                return Optional.<ChatDeletion>empty();
            }
            if (before.getDeletedAt() != null) {
                return Optional.of(new ChatDeletion(toMessage(before), false));
            }
            boolean wasPinned = before.getPinnedAt() != null;
            ChatMessagesRecord after = t.update(CHAT_MESSAGES)
                    .set(CHAT_MESSAGES.DELETED_AT, Timestamps.toDb(at))
                    .set(CHAT_MESSAGES.DELETED_BY, by)
                    .setNull(CHAT_MESSAGES.PINNED_AT)
                    .setNull(CHAT_MESSAGES.PINNED_BY)
                    .where(CHAT_MESSAGES.ID.eq(id))
                    .returning()
                    .fetchSingle();
            return Optional.of(new ChatDeletion(toMessage(after), wasPinned));
        });
    }

    /**
     * Pins a message that is not deleted, unpinning the stream's previous pin in the same
     * transaction.
     *
     * @return the pinned message, or empty (and nothing changed) when the stream has no such
     *         message or it is deleted
     */
    public Optional<StoredChatMessage> pin(String streamId, long id, String by, Instant at) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            lockStream(t, streamId);
            Optional<StoredChatMessage> target = t.selectFrom(CHAT_MESSAGES)
                    .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.ID.eq(id))
                            .and(CHAT_MESSAGES.DELETED_AT.isNull()))
                    .fetchOptional()
                    .map(ChatMessageRepository::toMessage);
            if (target.isEmpty()) {
                return Optional.<StoredChatMessage>empty();
            }
            clearPin(t, streamId);
            return Optional.of(toMessage(t.update(CHAT_MESSAGES)
                    .set(CHAT_MESSAGES.PINNED_AT, Timestamps.toDb(at))
                    .set(CHAT_MESSAGES.PINNED_BY, by)
                    .where(CHAT_MESSAGES.ID.eq(id))
                    .returning()
                    .fetchSingle()));
        });
    }

    /**
     * Unpins the stream's pinned message, under the same row lock on the stream as {@link #pin}
     * and {@link #delete}. @return whether one was pinned
     */
    public boolean unpin(String streamId) {
        return dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            lockStream(t, streamId);
            return clearPin(t, streamId) > 0;
        });
    }

    /** Takes the stream's row lock for the transaction: pins, unpins and deletes of one stream serialize. */
    private static void lockStream(DSLContext t, String streamId) {
        t.select(STREAMS.ID).from(STREAMS).where(STREAMS.ID.eq(streamId)).forNoKeyUpdate().fetch();
    }

    private static int clearPin(DSLContext t, String streamId) {
        return t.update(CHAT_MESSAGES)
                .setNull(CHAT_MESSAGES.PINNED_AT)
                .setNull(CHAT_MESSAGES.PINNED_BY)
                .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.PINNED_AT.isNotNull()))
                .execute();
    }

    /** The stream's pinned message. */
    public Optional<StoredChatMessage> pinned(String streamId) {
        return dsl.selectFrom(CHAT_MESSAGES)
                .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.PINNED_AT.isNotNull()))
                .fetchOptional()
                .map(ChatMessageRepository::toMessage);
    }

    /** The newest message this user sent in this stream (deleted or not). */
    public Optional<StoredChatMessage> latestByUser(String streamId, String userId) {
        return dsl.selectFrom(CHAT_MESSAGES)
                .where(CHAT_MESSAGES.STREAM_ID.eq(streamId).and(CHAT_MESSAGES.USER_ID.eq(userId)))
                .orderBy(CHAT_MESSAGES.ID.desc())
                .limit(1)
                .fetchOptional()
                .map(ChatMessageRepository::toMessage);
    }

    /**
     * A broadcast's messages (deleted ones included, flagged) with ids above
     * {@code afterId}, oldest first: the chat of a recording, page by page.
     */
    public List<StoredChatMessage> forBroadcast(UUID broadcastId, long afterId, int limit) {
        return dsl.selectFrom(CHAT_MESSAGES)
                .where(CHAT_MESSAGES.BROADCAST_ID.eq(broadcastId).and(CHAT_MESSAGES.ID.gt(afterId)))
                .orderBy(CHAT_MESSAGES.ID)
                .limit(limit)
                .fetch(ChatMessageRepository::toMessage);
    }

    private static StoredChatMessage toMessage(ChatMessagesRecord row) {
        return new StoredChatMessage(row.getId(), row.getStreamId(), row.getBroadcastId(), row.getUserId(),
                row.getUserName(), row.getUserRole(), row.getText(), Timestamps.fromDb(row.getCreatedAt()),
                Timestamps.fromDb(row.getDeletedAt()), row.getDeletedBy(), Timestamps.fromDb(row.getPinnedAt()),
                row.getPinnedBy());
    }
}
