// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;
import static dev.livepipe.storage.jooq.Tables.RETENTION_POLICIES;
import static dev.livepipe.storage.jooq.Tables.STREAMS;

import dev.livepipe.storage.db.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.types.DayToSecond;

/**
 * The expiry rule shared by recordings and retention policies: {@code expiresAt = endedAt +
 * retention} of the recording's effective policy, which is its stream's policy, or the
 * default policy when the stream has none or was deleted.
 *
 * <p>Used by {@link RecordingRepository} and {@code dev.livepipe.storage.retention}; not meant
 * for other callers. <b>Blocking:</b> JDBC on the calling thread. Stateless.
 */
public final class RecordingExpiry {

    /** Statuses whose rows carry an expiry the sweeper acts on. */
    public static final List<String> ENDED = List.of(RecordingStatus.COMPLETE.dbValue(),
            RecordingStatus.INTERRUPTED.dbValue(), RecordingStatus.FAILED.dbValue());

    private RecordingExpiry() {
    }

    /**
     * The retention of the policy that applies to {@code streamId}'s recordings.
     *
     * @param streamId a stream id, or {@code null} for the default policy
     * @throws IllegalStateException when there is no default policy (the schema keeps one)
     */
    public static Duration effectiveRetention(DSLContext dsl, String streamId) {
        if (streamId != null) {
            Long assigned = dsl.select(RETENTION_POLICIES.RETENTION_SECONDS)
                    .from(STREAMS).join(RETENTION_POLICIES).on(RETENTION_POLICIES.ID.eq(STREAMS.RETENTION_POLICY_ID))
                    .where(STREAMS.ID.eq(streamId))
                    .fetchOne(RETENTION_POLICIES.RETENTION_SECONDS);
            if (assigned != null) {
                return Duration.ofSeconds(assigned);
            }
        }
        Long fallback = dsl.select(RETENTION_POLICIES.RETENTION_SECONDS).from(RETENTION_POLICIES)
                .where(RETENTION_POLICIES.IS_DEFAULT.isTrue())
                .fetchOne(RETENTION_POLICIES.RETENTION_SECONDS);
        if (fallback == null) {
            throw new IllegalStateException("no default retention policy");
        }
        return Duration.ofSeconds(fallback);
    }

    /**
     * Recordings whose effective policy is {@code policyId}.
     *
     * @param isDefault whether that policy is the default (then streams without a policy and
     *                  recordings of deleted streams are under it too)
     */
    public static Condition underPolicy(long policyId, boolean isDefault) {
        Condition assigned = RECORDINGS.STREAM_ID.in(
                DSL.select(STREAMS.ID).from(STREAMS).where(STREAMS.RETENTION_POLICY_ID.eq(policyId)));
        if (!isDefault) {
            return assigned;
        }
        return assigned.or(RECORDINGS.STREAM_ID.isNull()).or(RECORDINGS.STREAM_ID.in(
                DSL.select(STREAMS.ID).from(STREAMS).where(STREAMS.RETENTION_POLICY_ID.isNull())));
    }

    /**
     * Recomputes the expiry of the ended, not deleted, not manually overridden recordings
     * matching {@code which} after a policy-wide change (legal hold does not matter: a held
     * recording follows its policy once released). The new expiry is
     * {@code greatest(endedAt + retention, least(oldExpiry, now + grace))}: lengthening
     * applies as computed; shortening never brings an expiry earlier than {@code now + grace}
     * unless it already was earlier. Call inside a transaction holding the retention lock.
     *
     * @return how many recordings were updated
     */
    public static int recompute(DSLContext transaction, Condition which, Duration retention, Instant now,
            Duration grace) {
        Objects.requireNonNull(which, "which");
        Field<OffsetDateTime> computed = RECORDINGS.ENDED_AT.plus(DayToSecond.valueOf(retention));
        Field<OffsetDateTime> floor = DSL.least(RECORDINGS.EXPIRES_AT,
                DSL.val(Timestamps.toDb(now.plus(grace))));
        return transaction.update(RECORDINGS)
                .set(RECORDINGS.EXPIRES_AT, DSL.greatest(computed, floor))
                .set(RECORDINGS.UPDATED_AT, Timestamps.toDb(now))
                .where(which)
                .and(RECORDINGS.STATUS.in(ENDED))
                .and(RECORDINGS.EXPIRES_AT_OVERRIDE.isFalse())
                .execute();
    }
}
