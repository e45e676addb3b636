// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.broadcasts;

import static dev.livepipe.storage.jooq.Tables.BROADCASTS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.BroadcastsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Broadcasts in PostgreSQL: one row per go-live, from start through reconnects to end.
 *
 * <p>The media hub owns the live state; this repository records it so that the admin API,
 * analytics and recordings can refer to broadcasts after the fact. After a crash, rows may
 * still say {@code live}: {@link #endDangling(Instant)} ends them and is run once at
 * startup, before any ingest is accepted. (With several nodes sharing one database that
 * would need a node id per row; Livepipe runs one node today.)
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class BroadcastRepository {

    private final DSLContext dsl;

    public BroadcastRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * Records a new live broadcast.
     *
     * @throws org.jooq.exception.IntegrityConstraintViolationException when the id exists or
     *         the stream does not
     */
    public BroadcastInfo start(UUID broadcastId, String streamId, Instant startedAt, PublisherInfo publisher) {
        Objects.requireNonNull(broadcastId, "broadcastId");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(startedAt, "startedAt");
        PublisherInfo who = Objects.requireNonNullElse(publisher, PublisherInfo.UNKNOWN);
        BroadcastsRecord row = dsl.insertInto(BROADCASTS)
                .set(BROADCASTS.ID, broadcastId)
                .set(BROADCASTS.STREAM_ID, streamId)
                .set(BROADCASTS.STARTED_AT, Timestamps.toDb(startedAt))
                .set(BROADCASTS.STATUS, BroadcastStatus.LIVE.dbValue())
                .set(BROADCASTS.RECONNECTS, 0)
                .set(BROADCASTS.PUBLISHER_PROTOCOL, cut(who.protocol(), 32))
                .set(BROADCASTS.PUBLISHER_ADDRESS, cut(who.address(), 255))
                .set(BROADCASTS.PUBLISHER_SOFTWARE, cut(who.software(), 255))
                .returning()
                .fetchSingle();
        return toInfo(row);
    }

    /**
     * Sets the status of a broadcast that has not ended; use {@link #end} to end one.
     *
     * @return whether a not-yet-ended broadcast was updated
     */
    public boolean updateStatus(UUID id, BroadcastStatus status) {
        Objects.requireNonNull(status, "status");
        if (status == BroadcastStatus.ENDED) {
            throw new IllegalArgumentException("use end() to end a broadcast");
        }
        return dsl.update(BROADCASTS)
                .set(BROADCASTS.STATUS, status.dbValue())
                .where(BROADCASTS.ID.eq(id).and(BROADCASTS.STATUS.ne(BroadcastStatus.ENDED.dbValue())))
                .execute() == 1;
    }

    /**
     * A publisher reconnected into the broadcast: counts the reconnect, records the new
     * publisher and sets the status back to live.
     *
     * @return whether a not-yet-ended broadcast was updated
     */
    public boolean recordReconnect(UUID id, PublisherInfo publisher) {
        PublisherInfo who = Objects.requireNonNullElse(publisher, PublisherInfo.UNKNOWN);
        return dsl.update(BROADCASTS)
                .set(BROADCASTS.STATUS, BroadcastStatus.LIVE.dbValue())
                .set(BROADCASTS.RECONNECTS, BROADCASTS.RECONNECTS.plus(1))
                .set(BROADCASTS.PUBLISHER_PROTOCOL, cut(who.protocol(), 32))
                .set(BROADCASTS.PUBLISHER_ADDRESS, cut(who.address(), 255))
                .set(BROADCASTS.PUBLISHER_SOFTWARE, cut(who.software(), 255))
                .where(BROADCASTS.ID.eq(id).and(BROADCASTS.STATUS.ne(BroadcastStatus.ENDED.dbValue())))
                .execute() == 1;
    }

    /**
     * Stores the latest ingest statistics (a JSON document, validated by PostgreSQL).
     *
     * @return whether the broadcast exists
     */
    public boolean updateIngestStats(UUID id, String statsJson) {
        return dsl.update(BROADCASTS)
                .set(BROADCASTS.LAST_INGEST_STATS, statsJson == null ? null : JSONB.valueOf(statsJson))
                .where(BROADCASTS.ID.eq(id))
                .execute() == 1;
    }

    /**
     * Ends a broadcast. Ending one that already ended changes nothing.
     *
     * @return whether this call ended it
     */
    public boolean end(UUID id, Instant endedAt) {
        Objects.requireNonNull(endedAt, "endedAt");
        return dsl.update(BROADCASTS)
                .set(BROADCASTS.STATUS, BroadcastStatus.ENDED.dbValue())
                .set(BROADCASTS.ENDED_AT, Timestamps.toDb(endedAt))
                .where(BROADCASTS.ID.eq(id).and(BROADCASTS.STATUS.ne(BroadcastStatus.ENDED.dbValue())))
                .execute() == 1;
    }

    /**
     * Ends every broadcast that is not ended, as left behind by a crash. Call once at
     * startup, before ingest accepts publishers.
     *
     * @return how many broadcasts were ended
     */
    public int endDangling(Instant now) {
        Objects.requireNonNull(now, "now");
        return dsl.update(BROADCASTS)
                .set(BROADCASTS.STATUS, BroadcastStatus.ENDED.dbValue())
                .set(BROADCASTS.ENDED_AT, Timestamps.toDb(now))
                .where(BROADCASTS.STATUS.ne(BroadcastStatus.ENDED.dbValue()))
                .execute();
    }

    /** The broadcast with this id. */
    public Optional<BroadcastInfo> get(UUID id) {
        return dsl.selectFrom(BROADCASTS).where(BROADCASTS.ID.eq(id)).fetchOptional().map(BroadcastRepository::toInfo);
    }

    /** The most recently started broadcast of a stream. */
    public Optional<BroadcastInfo> latestFor(String streamId) {
        return dsl.selectFrom(BROADCASTS)
                .where(BROADCASTS.STREAM_ID.eq(streamId))
                .orderBy(BROADCASTS.STARTED_AT.desc(), BROADCASTS.ID.desc())
                .limit(1)
                .fetchOptional()
                .map(BroadcastRepository::toInfo);
    }

    /** A stream's broadcasts, newest first, at most {@code limit}. */
    public List<BroadcastInfo> listFor(String streamId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        return dsl.selectFrom(BROADCASTS)
                .where(BROADCASTS.STREAM_ID.eq(streamId))
                .orderBy(BROADCASTS.STARTED_AT.desc(), BROADCASTS.ID.desc())
                .limit(limit)
                .fetch(BroadcastRepository::toInfo);
    }

    private static String cut(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max;
        if (Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end);
    }

    private static BroadcastInfo toInfo(BroadcastsRecord row) {
        JSONB stats = row.getLastIngestStats();
        return new BroadcastInfo(
                row.getId(),
                row.getStreamId(),
                Timestamps.fromDb(row.getStartedAt()),
                Timestamps.fromDb(row.getEndedAt()),
                BroadcastStatus.fromDb(row.getStatus()),
                row.getReconnects(),
                new PublisherInfo(row.getPublisherProtocol(), row.getPublisherAddress(), row.getPublisherSoftware()),
                stats == null ? null : stats.data());
    }
}
