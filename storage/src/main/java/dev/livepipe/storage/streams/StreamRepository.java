// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import static dev.livepipe.storage.jooq.Tables.STREAMS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.StreamsRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Streams and their keys in PostgreSQL.
 *
 * <p>Keys are generated here and stored only as their SHA-256 hash; the plaintext is
 * returned once by {@link #create} and {@link #rotateKey} and never logged. A publisher is
 * authenticated with {@link #findByKey}, which hashes the presented key and looks the hash
 * up by its unique index.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class StreamRepository {

    /** Longest title in characters. */
    public static final int MAX_TITLE_LENGTH = 200;

    private final DSLContext dsl;
    private final Clock clock;

    public StreamRepository(DSLContext dsl, Clock clock) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Creates a stream with a new id and a new key.
     *
     * @param title 1..200 characters after trimming
     * @return the stream and its plaintext key (shown once)
     * @throws IllegalArgumentException when the title is blank or too long
     */
    public CreatedStream create(String title) {
        String checkedTitle = checkTitle(title);
        StreamKey key = StreamKeys.generate();
        Instant now = Timestamps.truncate(clock.instant());
        StreamsRecord row = dsl.insertInto(STREAMS)
                .set(STREAMS.ID, StreamIds.generate())
                .set(STREAMS.TITLE, checkedTitle)
                .set(STREAMS.STREAM_KEY_HASH, StreamKeys.hash(key))
                .set(STREAMS.KEY_ROTATED_AT, Timestamps.toDb(now))
                .set(STREAMS.CREATED_AT, Timestamps.toDb(now))
                .set(STREAMS.UPDATED_AT, Timestamps.toDb(now))
                .returning()
                .fetchSingle();
        return new CreatedStream(toInfo(row), key);
    }

    /**
     * The stream whose current key is {@code presentedKey}. Implausible input (empty, longer
     * than {@link StreamKeys#MAX_PRESENTED_LENGTH}) is rejected without a query.
     */
    public Optional<StreamInfo> findByKey(String presentedKey) {
        if (!StreamKeys.plausible(presentedKey)) {
            return Optional.empty();
        }
        return dsl.selectFrom(STREAMS)
                .where(STREAMS.STREAM_KEY_HASH.eq(StreamKeys.hash(presentedKey)))
                .fetchOptional()
                .map(StreamRepository::toInfo);
    }

    /** The stream with this id. */
    public Optional<StreamInfo> get(String id) {
        if (!StreamIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return dsl.selectFrom(STREAMS).where(STREAMS.ID.eq(id)).fetchOptional().map(StreamRepository::toInfo);
    }

    /** The streams with these ids (unknown ids are skipped), in no particular order. */
    public List<StreamInfo> getAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return dsl.selectFrom(STREAMS).where(STREAMS.ID.in(ids)).fetch(StreamRepository::toInfo);
    }

    /** All streams, oldest first. */
    public List<StreamInfo> list() {
        return dsl.selectFrom(STREAMS)
                .orderBy(STREAMS.CREATED_AT, STREAMS.ID)
                .fetch(StreamRepository::toInfo);
    }

    /**
     * Replaces the stream's key; the old key stops working at once.
     *
     * @return the new plaintext key, or empty when there is no such stream
     */
    public Optional<StreamKey> rotateKey(String id) {
        if (!StreamIds.isWellFormed(id)) {
            return Optional.empty();
        }
        StreamKey key = StreamKeys.generate();
        Instant now = Timestamps.truncate(clock.instant());
        int updated = dsl.update(STREAMS)
                .set(STREAMS.STREAM_KEY_HASH, StreamKeys.hash(key))
                .set(STREAMS.KEY_ROTATED_AT, Timestamps.toDb(now))
                .set(STREAMS.UPDATED_AT, Timestamps.toDb(now))
                .where(STREAMS.ID.eq(id))
                .execute();
        return updated == 1 ? Optional.of(key) : Optional.empty();
    }

    /**
     * Changes the title.
     *
     * @return the updated stream, or empty when there is no such stream
     * @throws IllegalArgumentException when the title is blank or too long
     */
    public Optional<StreamInfo> updateTitle(String id, String title) {
        String checkedTitle = checkTitle(title);
        if (!StreamIds.isWellFormed(id)) {
            return Optional.empty();
        }
        return dsl.update(STREAMS)
                .set(STREAMS.TITLE, checkedTitle)
                .set(STREAMS.UPDATED_AT, Timestamps.toDb(clock.instant()))
                .where(STREAMS.ID.eq(id))
                .returning()
                .fetchOptional()
                .map(StreamRepository::toInfo);
    }

    /**
     * Deletes the stream and, by cascade, its broadcasts.
     *
     * @return whether a stream was deleted
     */
    public boolean delete(String id) {
        if (!StreamIds.isWellFormed(id)) {
            return false;
        }
        return dsl.deleteFrom(STREAMS).where(STREAMS.ID.eq(id)).execute() == 1;
    }

    private static String checkTitle(String title) {
        Objects.requireNonNull(title, "title");
        String trimmed = title.strip();
        int length = trimmed.codePointCount(0, trimmed.length());
        if (length == 0 || length > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title must be 1.." + MAX_TITLE_LENGTH + " characters");
        }
        return trimmed;
    }

    private static StreamInfo toInfo(StreamsRecord row) {
        return new StreamInfo(row.getId(), row.getTitle(),
                Timestamps.fromDb(row.getKeyRotatedAt()),
                Timestamps.fromDb(row.getCreatedAt()),
                Timestamps.fromDb(row.getUpdatedAt()));
    }
}
