// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;

import dev.livepipe.storage.audit.AuditEntry;
import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingObjects;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired recordings: for every ended recording whose {@code expiresAt} is at or
 * before the sweep's start and that is not under legal hold (see
 * {@link RetentionPreview#eligible}), it deletes the S3 object, then marks the row
 * {@code deleted} with {@code deletedAt} and appends a {@value #ACTION} audit event by
 * {@value #ACTOR}.
 *
 * <p><b>Batches.</b> Each transaction claims up to {@link SweeperConfig#batchSize()} rows with
 * {@code SELECT … FOR UPDATE SKIP LOCKED}, deletes their objects with one S3 DeleteObjects
 * request, then marks the rows and writes the audit events in the same transaction and
 * commits. A sweep repeats this until nothing eligible is left unclaimed.
 *
 * <p><b>Several nodes.</b> A row is claimed by at most one transaction at a time and a claim
 * skips rows another sweeper holds, so two sweepers on one database never process the same
 * recording, and the rows one skips are processed by the one that holds them.
 *
 * <p><b>Crashes.</b> Objects go first: if the process dies (or the database fails) after the
 * S3 delete but before the commit, the transaction rolls back, the rows stay eligible, and
 * the next sweep deletes the (now missing) objects again, which S3 treats as success, and
 * marks the rows: one audit event per recording. Objects the store refuses to delete keep
 * their rows untouched for the next sweep.
 *
 * <p><b>Blocking:</b> {@link #sweep()} runs JDBC and S3 calls on the calling thread, holding
 * one pooled connection per batch; the server runs it on a worker every
 * {@link SweeperConfig#interval()}. Thread-safe, but one sweep at a time per instance is
 * enough. Exceptions (database or store unreachable) propagate; finished batches stay done.
 */
public final class RetentionSweeper {

    /** The audit actor. */
    public static final String ACTOR = "retention-sweeper";
    /** The audit action. */
    public static final String ACTION = "recording.deleted";
    /** The audit target type. */
    public static final String TARGET_TYPE = "recording";

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final DSLContext dsl;
    private final ObjectStore objects;
    private final AuditLog audit;
    private final Clock clock;
    private final SweeperConfig config;
    private final Consumer<List<UUID>> afterObjectsDeleted;

    /** @param clock decides what has expired (tests pass a fixed or moving clock) */
    public RetentionSweeper(DSLContext dsl, ObjectStore objects, AuditLog audit, Clock clock, SweeperConfig config) {
        this(dsl, objects, audit, clock, config, ids -> { });
    }

    /** Test seam: {@code afterObjectsDeleted} runs between the S3 delete and the row update. */
    RetentionSweeper(DSLContext dsl, ObjectStore objects, AuditLog audit, Clock clock, SweeperConfig config,
            Consumer<List<UUID>> afterObjectsDeleted) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.afterObjectsDeleted = Objects.requireNonNull(afterObjectsDeleted, "afterObjectsDeleted");
    }

    /** This sweeper's configuration. */
    public SweeperConfig config() {
        return config;
    }

    /** Deletes everything expired at the clock's current instant; see the class comment. */
    public SweepResult sweep() {
        long began = System.nanoTime();
        Instant now = clock.instant();
        Set<UUID> refused = new HashSet<>();
        int deleted = 0;
        long bytes = 0;
        int batches = 0;
        while (true) {
            Batch batch = dsl.transactionResult(configuration -> sweepBatch(configuration.dsl(), now, refused));
            if (batch.claimed() == 0) {
                break;
            }
            batches++;
            deleted += batch.deleted();
            bytes += batch.bytes();
        }
        SweepResult result = new SweepResult(now, deleted, bytes, batches, refused.size(),
                Duration.ofNanos(System.nanoTime() - began));
        if (deleted > 0 || !refused.isEmpty()) {
            LOG.info("retention sweep deleted {} recordings ({} bytes) in {} ms; {} left for a later sweep",
                    deleted, bytes, result.elapsed().toMillis(), refused.size());
        }
        return result;
    }

    private record Batch(int claimed, int deleted, long bytes) {
    }

    private Batch sweepBatch(DSLContext tx, Instant now, Set<UUID> refused) {
        var condition = RetentionPreview.eligible(now);
        if (!refused.isEmpty()) {
            condition = condition.and(RECORDINGS.ID.notIn(refused));
        }
        List<RecordingInfo> claimed = tx.selectFrom(RECORDINGS)
                .where(condition)
                .orderBy(RECORDINGS.EXPIRES_AT, RECORDINGS.ID)
                .limit(config.batchSize())
                .forUpdate().skipLocked()
                .fetch(RecordingRepository::toInfo);
        if (claimed.isEmpty()) {
            return new Batch(0, 0, 0);
        }
        Set<String> keys = new LinkedHashSet<>();
        claimed.forEach(recording -> keys.addAll(RecordingObjects.all(recording.objectKey())));
        Set<String> failedKeys = new HashSet<>(objects.deleteBatch(keys));
        afterObjectsDeleted.accept(claimed.stream().map(RecordingInfo::id).toList());
        java.util.function.Predicate<RecordingInfo> whollyDeleted =
                r -> RecordingObjects.all(r.objectKey()).stream().noneMatch(failedKeys::contains);
        List<RecordingInfo> gone = claimed.stream().filter(whollyDeleted).toList();
        claimed.stream().filter(whollyDeleted.negate()).forEach(r -> refused.add(r.id()));
        if (!gone.isEmpty()) {
            tx.update(RECORDINGS)
                    .set(RECORDINGS.STATUS, RecordingStatus.DELETED.dbValue())
                    .set(RECORDINGS.DELETED_AT, Timestamps.toDb(clock.instant()))
                    .set(RECORDINGS.UPDATED_AT, Timestamps.toDb(clock.instant()))
                    .where(RECORDINGS.ID.in(gone.stream().map(RecordingInfo::id).toList()))
                    .execute();
            audit.within(tx).recordAll(gone.stream()
                    .map(r -> new AuditEntry(ACTOR, ACTION, TARGET_TYPE, r.id().toString(), AuditDetail.ofDeleted(r)))
                    .toList());
        }
        return new Batch(claimed.size(), gone.size(), gone.stream().mapToLong(RecordingInfo::bytes).sum());
    }
}
