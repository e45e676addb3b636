// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static dev.livepipe.storage.jooq.Tables.CHAT_BANS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.ChatBansRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * Bans from a stream's chat, by user id: a banned user is refused whatever name it shows.
 * A ban has no end; {@link #unban} lifts it.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class ChatBanRepository {

    private final DSLContext dsl;

    public ChatBanRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Bans a user from a stream's chat. Banning a banned user keeps the first ban.
     *
     * @param broadcastId the current broadcast, or {@code null}
     * @return whether the ban is new
     * @throws org.jooq.exception.IntegrityConstraintViolationException when the stream does
     *         not exist
     */
    public boolean ban(String streamId, String userId, String userName, UUID broadcastId, String bannedBy,
            Instant at) {
        return dsl.insertInto(CHAT_BANS)
                .set(CHAT_BANS.STREAM_ID, Objects.requireNonNull(streamId, "streamId"))
                .set(CHAT_BANS.USER_ID, Objects.requireNonNull(userId, "userId"))
                .set(CHAT_BANS.USER_NAME, Objects.requireNonNull(userName, "userName"))
                .set(CHAT_BANS.BROADCAST_ID, broadcastId)
                .set(CHAT_BANS.BANNED_BY, Objects.requireNonNull(bannedBy, "bannedBy"))
                .set(CHAT_BANS.CREATED_AT, Timestamps.toDb(Objects.requireNonNull(at, "at")))
                .onConflict(CHAT_BANS.STREAM_ID, CHAT_BANS.USER_ID)
                .doNothing()
                .execute() == 1;
    }

    /** Whether the user is banned from the stream's chat. */
    public boolean isBanned(String streamId, String userId) {
        return dsl.fetchExists(CHAT_BANS, CHAT_BANS.STREAM_ID.eq(streamId).and(CHAT_BANS.USER_ID.eq(userId)));
    }

    /** The ban of this user, if any. */
    public Optional<ChatBan> get(String streamId, String userId) {
        return dsl.selectFrom(CHAT_BANS)
                .where(CHAT_BANS.STREAM_ID.eq(streamId).and(CHAT_BANS.USER_ID.eq(userId)))
                .fetchOptional()
                .map(ChatBanRepository::toBan);
    }

    /** The stream's bans, oldest first. */
    public List<ChatBan> list(String streamId) {
        return dsl.selectFrom(CHAT_BANS)
                .where(CHAT_BANS.STREAM_ID.eq(streamId))
                .orderBy(CHAT_BANS.CREATED_AT, CHAT_BANS.ID)
                .fetch(ChatBanRepository::toBan);
    }

    /** Lifts a ban. @return whether there was one */
    public boolean unban(String streamId, String userId) {
        return dsl.deleteFrom(CHAT_BANS)
                .where(CHAT_BANS.STREAM_ID.eq(streamId).and(CHAT_BANS.USER_ID.eq(userId)))
                .execute() > 0;
    }

    private static ChatBan toBan(ChatBansRecord row) {
        return new ChatBan(row.getStreamId(), row.getUserId(), row.getUserName(), row.getBroadcastId(),
                row.getBannedBy(), Timestamps.fromDb(row.getCreatedAt()));
    }
}
