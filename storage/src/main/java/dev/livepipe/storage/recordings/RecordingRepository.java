// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;

import dev.livepipe.storage.db.AdvisoryLock;
import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.RecordingsRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Recordings in PostgreSQL: the recorder's progress, the final status, and the retention
 * fields (expiry, manual override, legal hold) that the sweeper acts on.
 *
 * <p>The recorder's life cycle is {@link #create} → {@link #updateProgress} (as often as it
 * likes) → {@link #finish}. After a crash, {@link #unfinished()} lists what was still being
 * recorded, with the multipart upload id and spool path stored by {@code updateProgress}, so
 * the recorder can complete or abandon the upload and then call {@code finish}.
 *
 * <p>{@code finish} computes {@code expiresAt = endedAt + retention} of the stream's policy
 * (or the default policy) in its own transaction, under a shared retention lock so that a
 * concurrent policy change cannot miss it. A manual expiry ({@link #patch}) survives policy
 * changes until {@link #clearExpiryOverride}. Deletion is the retention sweeper's job
 * ({@code dev.livepipe.storage.retention.RetentionSweeper}): it deletes the objects, then
 * calls the equivalent of {@link #markDeleted} for whole batches.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class RecordingRepository {

    private final DSLContext dsl;
    private final Clock clock;

    /** @param clock stamps {@code updatedAt} and {@code deletedAt} defaults */
    public RecordingRepository(DSLContext dsl, Clock clock) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records that recording began, with status {@link RecordingStatus#RECORDING}, zero bytes
     * and no expiry.
     *
     * @param broadcastId the broadcast being recorded, or {@code null}
     * @param objectKey   the S3 key the media goes to (1..1024 characters)
     * @throws org.jooq.exception.IntegrityConstraintViolationException when the id exists or
     *         the stream or broadcast does not
     */
    public RecordingInfo create(UUID id, String streamId, UUID broadcastId, String objectKey, Instant startedAt) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(startedAt, "startedAt");
        if (objectKey.isEmpty() || objectKey.length() > 1024) {
            throw new IllegalArgumentException("object key must be 1..1024 characters");
        }
        return toInfo(dsl.insertInto(RECORDINGS)
                .set(RECORDINGS.ID, id)
                .set(RECORDINGS.STREAM_ID, streamId)
                .set(RECORDINGS.BROADCAST_ID, broadcastId)
                .set(RECORDINGS.OBJECT_KEY, objectKey)
                .set(RECORDINGS.STATUS, RecordingStatus.RECORDING.dbValue())
                .set(RECORDINGS.STARTED_AT, Timestamps.toDb(startedAt))
                .set(RECORDINGS.UPDATED_AT, now())
                .returning()
                .fetchSingle());
    }

    /**
     * Stores the progress of a recording that has not ended. {@code codecs}, {@code uploadId}
     * and {@code spoolPath} are left unchanged when {@code null}.
     *
     * @param bytes          bytes stored so far
     * @param durationMillis media duration so far
     * @param codecs         RFC 6381 codec string, at most 255 characters, or {@code null}
     * @param uploadId       S3 multipart upload id, or {@code null}
     * @param spoolPath      local spool file, or {@code null}
     * @return whether a recording in status {@code recording} was updated
     */
    public boolean updateProgress(UUID id, long bytes, long durationMillis, String codecs, String uploadId,
            String spoolPath) {
        checkSizes(bytes, durationMillis);
        return dsl.update(RECORDINGS)
                .set(RECORDINGS.BYTES, bytes)
                .set(RECORDINGS.DURATION_MILLIS, durationMillis)
                .set(RECORDINGS.CODECS, DSL.coalesce(DSL.val(codecs), RECORDINGS.CODECS))
                .set(RECORDINGS.UPLOAD_ID, DSL.coalesce(DSL.val(uploadId), RECORDINGS.UPLOAD_ID))
                .set(RECORDINGS.SPOOL_PATH, DSL.coalesce(DSL.val(spoolPath), RECORDINGS.SPOOL_PATH))
                .set(RECORDINGS.UPDATED_AT, now())
                .where(RECORDINGS.ID.eq(id).and(RECORDINGS.STATUS.eq(RecordingStatus.RECORDING.dbValue())))
                .execute() == 1;
    }

    /**
     * Ends a recording and computes its expiry from its stream's retention policy (or the
     * default policy); a manual expiry set while recording is kept. Finishing a recording that
     * already ended changes nothing and returns it as it is.
     *
     * @param status {@link RecordingStatus#COMPLETE}, {@link RecordingStatus#INTERRUPTED} or
     *               {@link RecordingStatus#FAILED}
     * @return the recording after the call, or empty when there is no such recording
     */
    public Optional<RecordingInfo> finish(UUID id, RecordingStatus status, Instant endedAt, long bytes,
            long durationMillis) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endedAt, "endedAt");
        if (!Objects.requireNonNull(status, "status").isEnded()) {
            throw new IllegalArgumentException("cannot finish with status " + status);
        }
        checkSizes(bytes, durationMillis);
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.shared(tx, AdvisoryLock.RETENTION);
            RecordingsRecord row = tx.selectFrom(RECORDINGS).where(RECORDINGS.ID.eq(id)).forUpdate().fetchOne();
            if (row == null) {
                return Optional.<RecordingInfo>empty();
            }
            if (!RecordingStatus.RECORDING.dbValue().equals(row.getStatus())) {
                return Optional.of(toInfo(row));
            }
            Duration retention = RecordingExpiry.effectiveRetention(tx, row.getStreamId());
            Instant expiresAt = Boolean.TRUE.equals(row.getExpiresAtOverride())
                    ? Timestamps.fromDb(row.getExpiresAt())
                    : endedAt.plus(retention);
            return Optional.of(toInfo(tx.update(RECORDINGS)
                    .set(RECORDINGS.STATUS, status.dbValue())
                    .set(RECORDINGS.ENDED_AT, Timestamps.toDb(endedAt))
                    .set(RECORDINGS.BYTES, bytes)
                    .set(RECORDINGS.DURATION_MILLIS, durationMillis)
                    .set(RECORDINGS.EXPIRES_AT, Timestamps.toDb(expiresAt))
                    .set(RECORDINGS.UPDATED_AT, now())
                    .where(RECORDINGS.ID.eq(id))
                    .returning()
                    .fetchSingle()));
        });
    }

    /** The recording with this id (deleted ones included). */
    public Optional<RecordingInfo> get(UUID id) {
        return dsl.selectFrom(RECORDINGS).where(RECORDINGS.ID.eq(id)).fetchOptional().map(RecordingRepository::toInfo);
    }

    /** Recordings matching {@code filter}, newest first. */
    public List<RecordingInfo> list(RecordingFilter filter) {
        Objects.requireNonNull(filter, "filter");
        List<Condition> conditions = new ArrayList<>();
        if (filter.streamId() != null) {
            conditions.add(RECORDINGS.STREAM_ID.eq(filter.streamId()));
        }
        if (filter.broadcastId() != null) {
            conditions.add(RECORDINGS.BROADCAST_ID.eq(filter.broadcastId()));
        }
        if (filter.status() != null) {
            conditions.add(RECORDINGS.STATUS.eq(filter.status().dbValue()));
        }
        if (filter.expiresBefore() != null) {
            conditions.add(RECORDINGS.EXPIRES_AT.le(Timestamps.toDb(filter.expiresBefore())));
        }
        return dsl.selectFrom(RECORDINGS)
                .where(conditions)
                .orderBy(RECORDINGS.STARTED_AT.desc(), RECORDINGS.ID.desc())
                .limit(filter.limit())
                .fetch(RecordingRepository::toInfo);
    }

    /**
     * Every recording still in status {@code recording}, oldest first: after a crash, what
     * the recorder must complete or abandon (and then {@link #finish}).
     */
    public List<RecordingInfo> unfinished() {
        return dsl.selectFrom(RECORDINGS)
                .where(RECORDINGS.STATUS.eq(RecordingStatus.RECORDING.dbValue()))
                .orderBy(RECORDINGS.STARTED_AT, RECORDINGS.ID)
                .fetch(RecordingRepository::toInfo);
    }

    /**
     * Sets a manual expiry and/or the legal hold of a recording that is not deleted. A manual
     * expiry takes effect exactly (even in the past: the next sweep deletes it unless held)
     * and is kept when policies change, until {@link #clearExpiryOverride}.
     *
     * @return the recording after the change, or empty when there is no such recording or it
     *         is deleted
     */
    public Optional<RecordingInfo> patch(UUID id, Optional<Instant> expiresAt, Optional<Boolean> legalHold) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(legalHold, "legalHold");
        var update = dsl.update(RECORDINGS).set(RECORDINGS.UPDATED_AT, now());
        if (expiresAt.isPresent()) {
            update = update.set(RECORDINGS.EXPIRES_AT, Timestamps.toDb(expiresAt.get()))
                    .set(RECORDINGS.EXPIRES_AT_OVERRIDE, true);
        }
        if (legalHold.isPresent()) {
            update = update.set(RECORDINGS.LEGAL_HOLD, legalHold.get());
        }
        return update.where(RECORDINGS.ID.eq(id).and(RECORDINGS.STATUS.ne(RecordingStatus.DELETED.dbValue())))
                .returning()
                .fetchOptional()
                .map(RecordingRepository::toInfo);
    }

    /**
     * Drops a manual expiry: an ended recording gets {@code endedAt + retention} of its
     * effective policy again (exactly, like the override it replaces); one still recording
     * gets its expiry when it finishes.
     *
     * @return the recording after the change, or empty when there is no such recording or it
     *         is deleted
     */
    public Optional<RecordingInfo> clearExpiryOverride(UUID id) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.shared(tx, AdvisoryLock.RETENTION);
            RecordingsRecord row = tx.selectFrom(RECORDINGS).where(RECORDINGS.ID.eq(id)).forUpdate().fetchOne();
            if (row == null || RecordingStatus.DELETED.dbValue().equals(row.getStatus())) {
                return Optional.<RecordingInfo>empty();
            }
            Instant endedAt = Timestamps.fromDb(row.getEndedAt());
            Instant expiresAt = endedAt == null ? null
                    : endedAt.plus(RecordingExpiry.effectiveRetention(tx, row.getStreamId()));
            return Optional.of(toInfo(tx.update(RECORDINGS)
                    .set(RECORDINGS.EXPIRES_AT, Timestamps.toDb(expiresAt))
                    .set(RECORDINGS.EXPIRES_AT_OVERRIDE, false)
                    .set(RECORDINGS.UPDATED_AT, now())
                    .where(RECORDINGS.ID.eq(id))
                    .returning()
                    .fetchSingle()));
        });
    }

    /**
     * Marks an ended recording deleted after its objects were removed. The sweeper does this
     * for whole batches itself; this is for single recordings (e.g. an admin tool).
     *
     * @return whether an ended, not yet deleted recording was marked
     */
    public boolean markDeleted(UUID id, Instant deletedAt) {
        Objects.requireNonNull(deletedAt, "deletedAt");
        return dsl.update(RECORDINGS)
                .set(RECORDINGS.STATUS, RecordingStatus.DELETED.dbValue())
                .set(RECORDINGS.DELETED_AT, Timestamps.toDb(deletedAt))
                .set(RECORDINGS.UPDATED_AT, now())
                .where(RECORDINGS.ID.eq(id).and(RECORDINGS.STATUS.in(RecordingExpiry.ENDED)))
                .execute() == 1;
    }

    private OffsetDateTime now() {
        return Timestamps.toDb(clock.instant());
    }

    private static void checkSizes(long bytes, long durationMillis) {
        if (bytes < 0 || durationMillis < 0) {
            throw new IllegalArgumentException("bytes and duration must not be negative");
        }
    }

    /** Maps a row (also used by the retention package through {@link #toInfo}). */
    public static RecordingInfo toInfo(RecordingsRecord row) {
        return new RecordingInfo(
                row.getId(),
                row.getStreamId(),
                row.getBroadcastId(),
                row.getObjectKey(),
                RecordingStatus.fromDb(row.getStatus()),
                row.getBytes(),
                row.getDurationMillis(),
                row.getCodecs(),
                Timestamps.fromDb(row.getStartedAt()),
                Timestamps.fromDb(row.getEndedAt()),
                Timestamps.fromDb(row.getExpiresAt()),
                row.getExpiresAtOverride(),
                row.getLegalHold(),
                Timestamps.fromDb(row.getDeletedAt()),
                row.getUploadId(),
                row.getSpoolPath(),
                Timestamps.fromDb(row.getUpdatedAt()));
    }
}
