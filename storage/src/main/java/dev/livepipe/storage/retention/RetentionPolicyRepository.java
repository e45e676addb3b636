// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;
import static dev.livepipe.storage.jooq.Tables.RETENTION_POLICIES;
import static dev.livepipe.storage.jooq.Tables.STREAMS;

import dev.livepipe.storage.db.AdvisoryLock;
import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.RetentionPoliciesRecord;
import dev.livepipe.storage.recordings.RecordingExpiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Retention policies and their assignment to streams, in PostgreSQL.
 *
 * <p><b>Invariants.</b> Exactly one policy is the default: a partial unique index allows at
 * most one, the default cannot be deleted, and {@link #setDefault} moves the flag in one
 * transaction. A policy still assigned to a stream cannot be deleted (reassign the streams
 * first). Names are unique (case-sensitive).
 *
 * <p><b>Recomputation.</b> Changing a policy's retention ({@link #update}), moving a stream
 * to another policy ({@link #assign}) or changing the default ({@link #setDefault})
 * recomputes, in the same transaction, {@code expiresAt = endedAt + retention} of every
 * ended, not deleted recording now under the (new) policy, except those whose expiry was set
 * by hand. Held recordings are recomputed too (the hold, not the expiry, keeps them).
 *
 * <p><b>Shortening rule.</b> A policy-wide change never makes a recording expire earlier
 * than {@code now + shorteningGrace} unless it was already due earlier: the new expiry is
 * {@code max(endedAt + retention, min(oldExpiry, now + shorteningGrace))}. Lengthening
 * applies as computed, and can rescue a recording whose old expiry passed but that was not
 * swept yet. During the grace, {@link RetentionPreview} lists what the shortening will delete
 * and the change can be undone. With a zero grace, shortening takes effect at the next sweep.
 * Manual per-recording expiries ({@code RecordingRepository.patch}) apply exactly.
 *
 * <p>All changes take the retention advisory lock exclusively, so they are serialized with
 * each other and with {@code RecordingRepository.finish}, across nodes.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class RetentionPolicyRepository {

    /** Longest name in characters. */
    public static final int MAX_NAME_LENGTH = 100;
    /** Longest description in characters. */
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    /** Longest retention (100 years of 365 days). */
    public static final Duration MAX_RETENTION = Duration.ofDays(36_500);

    private final DSLContext dsl;
    private final Clock clock;
    private final Duration shorteningGrace;

    /**
     * @param clock           stamps rows and is "now" for the shortening rule
     * @param shorteningGrace how long a policy-wide shortening waits before it can delete
     *                        anything; zero or more
     */
    public RetentionPolicyRepository(DSLContext dsl, Clock clock, Duration shorteningGrace) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.shorteningGrace = Objects.requireNonNull(shorteningGrace, "shorteningGrace");
        if (shorteningGrace.isNegative()) {
            throw new IllegalArgumentException("shorteningGrace must not be negative");
        }
    }

    /** The grace this repository applies when a change shortens expiries. */
    public Duration shorteningGrace() {
        return shorteningGrace;
    }

    /**
     * Creates a policy that is not the default and not assigned to any stream.
     *
     * @throws IllegalArgumentException          when a field is out of range
     * @throws RetentionPolicyConflictException  when the name is taken
     */
    public RetentionPolicy create(String name, Duration retention, String description) {
        String checkedName = checkName(name);
        long seconds = checkRetention(retention);
        String checkedDescription = checkDescription(description);
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.exclusive(tx, AdvisoryLock.RETENTION);
            requireNameFree(tx, checkedName, null);
            var now = Timestamps.toDb(clock.instant());
            return toPolicy(tx.insertInto(RETENTION_POLICIES)
                    .set(RETENTION_POLICIES.NAME, checkedName)
                    .set(RETENTION_POLICIES.RETENTION_SECONDS, seconds)
                    .set(RETENTION_POLICIES.DESCRIPTION, checkedDescription)
                    .set(RETENTION_POLICIES.IS_DEFAULT, false)
                    .set(RETENTION_POLICIES.CREATED_AT, now)
                    .set(RETENTION_POLICIES.UPDATED_AT, now)
                    .returning()
                    .fetchSingle());
        });
    }

    /** Every policy, the default first, then by name. */
    public List<RetentionPolicy> list() {
        return dsl.selectFrom(RETENTION_POLICIES)
                .orderBy(RETENTION_POLICIES.IS_DEFAULT.desc(), RETENTION_POLICIES.NAME, RETENTION_POLICIES.ID)
                .fetch(RetentionPolicyRepository::toPolicy);
    }

    /** The policy with this id. */
    public Optional<RetentionPolicy> get(long id) {
        return dsl.selectFrom(RETENTION_POLICIES).where(RETENTION_POLICIES.ID.eq(id))
                .fetchOptional().map(RetentionPolicyRepository::toPolicy);
    }

    /** The default policy. */
    public RetentionPolicy getDefault() {
        return toPolicy(dsl.selectFrom(RETENTION_POLICIES).where(RETENTION_POLICIES.IS_DEFAULT.isTrue()).fetchSingle());
    }

    /**
     * Replaces name, retention and description. When the retention changes, the expiry of the
     * recordings under the policy is recomputed by the shortening rule (see the class comment).
     *
     * @return the updated policy, or empty when there is no such policy
     * @throws IllegalArgumentException          when a field is out of range
     * @throws RetentionPolicyConflictException  when another policy has the name
     */
    public Optional<RetentionPolicy> update(long id, String name, Duration retention, String description) {
        String checkedName = checkName(name);
        long seconds = checkRetention(retention);
        String checkedDescription = checkDescription(description);
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.exclusive(tx, AdvisoryLock.RETENTION);
            RetentionPoliciesRecord before = tx.selectFrom(RETENTION_POLICIES)
                    .where(RETENTION_POLICIES.ID.eq(id)).fetchOne();
            if (before == null) {
                return Optional.<RetentionPolicy>empty();
            }
            requireNameFree(tx, checkedName, id);
            Instant now = clock.instant();
            RetentionPoliciesRecord after = tx.update(RETENTION_POLICIES)
                    .set(RETENTION_POLICIES.NAME, checkedName)
                    .set(RETENTION_POLICIES.RETENTION_SECONDS, seconds)
                    .set(RETENTION_POLICIES.DESCRIPTION, checkedDescription)
                    .set(RETENTION_POLICIES.UPDATED_AT, Timestamps.toDb(now))
                    .where(RETENTION_POLICIES.ID.eq(id))
                    .returning()
                    .fetchSingle();
            if (before.getRetentionSeconds() != seconds) {
                RecordingExpiry.recompute(tx, RecordingExpiry.underPolicy(id, after.getIsDefault()),
                        Duration.ofSeconds(seconds), now, shorteningGrace);
            }
            return Optional.of(toPolicy(after));
        });
    }

    /**
     * Deletes a policy that is neither the default nor assigned to a stream.
     *
     * @return whether a policy was deleted (false when there is no such policy)
     * @throws RetentionPolicyConflictException when it is the default or in use
     */
    public boolean delete(long id) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.exclusive(tx, AdvisoryLock.RETENTION);
            RetentionPoliciesRecord row = tx.selectFrom(RETENTION_POLICIES)
                    .where(RETENTION_POLICIES.ID.eq(id)).fetchOne();
            if (row == null) {
                return false;
            }
            if (row.getIsDefault()) {
                throw new RetentionPolicyConflictException("the default policy cannot be deleted; make another "
                        + "policy the default first");
            }
            int streams = tx.fetchCount(STREAMS, STREAMS.RETENTION_POLICY_ID.eq(id));
            if (streams > 0) {
                throw new RetentionPolicyConflictException("policy is assigned to " + streams
                        + " stream(s); assign them another policy first");
            }
            return tx.deleteFrom(RETENTION_POLICIES).where(RETENTION_POLICIES.ID.eq(id)).execute() == 1;
        });
    }

    /**
     * Makes a policy the default. Streams without a policy of their own and recordings of
     * deleted streams move to it, and their expiries are recomputed by the shortening rule.
     *
     * @return the new default, or empty when there is no such policy
     */
    public Optional<RetentionPolicy> setDefault(long id) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.exclusive(tx, AdvisoryLock.RETENTION);
            RetentionPoliciesRecord target = tx.selectFrom(RETENTION_POLICIES)
                    .where(RETENTION_POLICIES.ID.eq(id)).fetchOne();
            if (target == null) {
                return Optional.<RetentionPolicy>empty();
            }
            if (target.getIsDefault()) {
                return Optional.of(toPolicy(target));
            }
            Instant now = clock.instant();
            tx.update(RETENTION_POLICIES)
                    .set(RETENTION_POLICIES.IS_DEFAULT, false)
                    .set(RETENTION_POLICIES.UPDATED_AT, Timestamps.toDb(now))
                    .where(RETENTION_POLICIES.IS_DEFAULT.isTrue())
                    .execute();
            RetentionPoliciesRecord after = tx.update(RETENTION_POLICIES)
                    .set(RETENTION_POLICIES.IS_DEFAULT, true)
                    .set(RETENTION_POLICIES.UPDATED_AT, Timestamps.toDb(now))
                    .where(RETENTION_POLICIES.ID.eq(id))
                    .returning()
                    .fetchSingle();
            Condition followingDefault = RECORDINGS.STREAM_ID.isNull().or(RECORDINGS.STREAM_ID.in(
                    DSL.select(STREAMS.ID).from(STREAMS).where(STREAMS.RETENTION_POLICY_ID.isNull())));
            RecordingExpiry.recompute(tx, followingDefault, Duration.ofSeconds(after.getRetentionSeconds()), now,
                    shorteningGrace);
            return Optional.of(toPolicy(after));
        });
    }

    /**
     * Assigns a policy to a stream ({@code null}: follow the default) and recomputes the
     * expiry of the stream's recordings by the shortening rule.
     *
     * @return the stream's policy after the change, or empty when there is no such stream
     * @throws IllegalArgumentException when there is no policy {@code policyId}
     */
    public Optional<StreamPolicy> assign(String streamId, Long policyId) {
        Objects.requireNonNull(streamId, "streamId");
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            AdvisoryLock.exclusive(tx, AdvisoryLock.RETENTION);
            if (policyId != null && !tx.fetchExists(RETENTION_POLICIES, RETENTION_POLICIES.ID.eq(policyId))) {
                throw new IllegalArgumentException("no retention policy " + policyId);
            }
            Instant now = clock.instant();
            int updated = tx.update(STREAMS)
                    .set(STREAMS.RETENTION_POLICY_ID, policyId)
                    .set(STREAMS.UPDATED_AT, Timestamps.toDb(now))
                    .where(STREAMS.ID.eq(streamId))
                    .execute();
            if (updated == 0) {
                return Optional.<StreamPolicy>empty();
            }
            StreamPolicy result = streamPolicy(tx, streamId).orElseThrow();
            RecordingExpiry.recompute(tx, RECORDINGS.STREAM_ID.eq(streamId), result.effective().retention(), now,
                    shorteningGrace);
            return Optional.of(result);
        });
    }

    /** The policy governing a stream, or empty when there is no such stream. */
    public Optional<StreamPolicy> streamPolicy(String streamId) {
        return streamPolicy(dsl, streamId);
    }

    private static Optional<StreamPolicy> streamPolicy(DSLContext dsl, String streamId) {
        var assigned = dsl.select(STREAMS.RETENTION_POLICY_ID).from(STREAMS).where(STREAMS.ID.eq(streamId))
                .fetchOptional();
        if (assigned.isEmpty()) {
            return Optional.empty();
        }
        Long policyId = assigned.get().value1();
        Condition which = policyId == null
                ? RETENTION_POLICIES.IS_DEFAULT.isTrue()
                : RETENTION_POLICIES.ID.eq(policyId);
        RetentionPolicy effective = toPolicy(dsl.selectFrom(RETENTION_POLICIES).where(which).fetchSingle());
        return Optional.of(new StreamPolicy(streamId, policyId, effective));
    }

    private static void requireNameFree(DSLContext tx, String name, Long exceptId) {
        Condition sameName = RETENTION_POLICIES.NAME.eq(name);
        if (exceptId != null) {
            sameName = sameName.and(RETENTION_POLICIES.ID.ne(exceptId));
        }
        if (tx.fetchExists(RETENTION_POLICIES, sameName)) {
            throw new RetentionPolicyConflictException("a retention policy named \"" + name + "\" exists");
        }
    }

    private static String checkName(String name) {
        String trimmed = Objects.requireNonNull(name, "name").strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        return trimmed;
    }

    private static long checkRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.getNano() != 0 || retention.getSeconds() < 1 || retention.compareTo(MAX_RETENTION) > 0) {
            throw new IllegalArgumentException("retention must be whole seconds from 1 s to " + MAX_RETENTION.toDays()
                    + " days");
        }
        return retention.getSeconds();
    }

    private static String checkDescription(String description) {
        String value = description == null ? "" : description.strip();
        if (value.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description must be at most " + MAX_DESCRIPTION_LENGTH
                    + " characters");
        }
        return value;
    }

    private static RetentionPolicy toPolicy(RetentionPoliciesRecord row) {
        return new RetentionPolicy(row.getId(), row.getName(), Duration.ofSeconds(row.getRetentionSeconds()),
                row.getDescription(), row.getIsDefault(), Timestamps.fromDb(row.getCreatedAt()),
                Timestamps.fromDb(row.getUpdatedAt()));
    }
}
