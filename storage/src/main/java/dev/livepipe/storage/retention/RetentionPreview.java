// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.recordings.RecordingExpiry;
import dev.livepipe.storage.recordings.RecordingRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What retention will delete by a given instant: ended recordings that are not deleted, not
 * under legal hold, and whose {@code expiresAt} is at or before it. This is exactly the
 * sweeper's predicate ({@link #eligible}), so a sweep at {@code until} deletes what the
 * preview listed, unless holds, overrides or policies change in between.
 *
 * <p><b>Blocking:</b> runs JDBC on the calling thread. Thread-safe.
 */
public final class RetentionPreview {

    /** Largest number of recordings listed. */
    public static final int MAX_LIMIT = 10_000;

    private final DSLContext dsl;

    public RetentionPreview(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /**
     * The recordings that will be deleted by {@code until}.
     *
     * @param limit how many to list, soonest expiry first, 1..{@value #MAX_LIMIT} (count and
     *              bytes cover all of them)
     */
    public PreviewResult until(Instant until, int limit) {
        Objects.requireNonNull(until, "until");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        Condition eligible = eligible(until);
        var totals = dsl.select(DSL.count(), DSL.coalesce(DSL.sum(RECORDINGS.BYTES), DSL.inline(BigDecimal.ZERO)))
                .from(RECORDINGS).where(eligible).fetchSingle();
        var listed = dsl.selectFrom(RECORDINGS).where(eligible)
                .orderBy(RECORDINGS.EXPIRES_AT, RECORDINGS.ID)
                .limit(limit)
                .fetch(RecordingRepository::toInfo);
        return new PreviewResult(until, totals.value1(), totals.value2().longValue(), listed);
    }

    /** Recordings the sweeper deletes when it runs at {@code now}. */
    static Condition eligible(Instant now) {
        return RECORDINGS.STATUS.in(RecordingExpiry.ENDED)
                .and(RECORDINGS.EXPIRES_AT.le(Timestamps.toDb(now)))
                .and(RECORDINGS.LEGAL_HOLD.isFalse());
    }
}
