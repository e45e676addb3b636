// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.audit;

import static dev.livepipe.storage.jooq.Tables.AUDIT_EVENTS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.jooq.tables.records.AuditEventsRecord;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * The append-only audit trail in PostgreSQL: administrative actions and automatic
 * deletions. Never put secrets (keys, tokens) into an event.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe.
 */
public final class AuditLog {

    private final DSLContext dsl;
    private final Clock clock;

    public AuditLog(DSLContext dsl, Clock clock) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Appends an event stamped with the current time.
     *
     * @param actor      who, 1..200 characters
     * @param action     what, 1..100 characters
     * @param targetType kind of target (at most 100 characters) or {@code null}
     * @param targetId   target id (at most 200 characters) or {@code null}
     * @param detailJson a JSON document or {@code null}; PostgreSQL rejects invalid JSON
     * @return the stored event
     */
    public AuditEvent record(String actor, String action, String targetType, String targetId, String detailJson) {
        AuditEventsRecord row = dsl.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.AT, Timestamps.toDb(clock.instant()))
                .set(AUDIT_EVENTS.ACTOR, check("actor", actor, 200, false))
                .set(AUDIT_EVENTS.ACTION, check("action", action, 100, false))
                .set(AUDIT_EVENTS.TARGET_TYPE, check("targetType", targetType, 100, true))
                .set(AUDIT_EVENTS.TARGET_ID, check("targetId", targetId, 200, true))
                .set(AUDIT_EVENTS.DETAIL, detailJson == null ? null : JSONB.valueOf(detailJson))
                .returning()
                .fetchSingle();
        return toEvent(row);
    }

    /**
     * This log writing through {@code transaction} (e.g. inside {@code dsl.transaction(...)}),
     * so that events commit or roll back with the change they describe.
     */
    public AuditLog within(DSLContext transaction) {
        return new AuditLog(transaction, clock);
    }

    /**
     * Appends several events in one statement, all stamped with the current time, in list
     * order.
     *
     * @return how many events were stored
     */
    public int recordAll(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        var at = Timestamps.toDb(clock.instant());
        var insert = dsl.insertInto(AUDIT_EVENTS, AUDIT_EVENTS.AT, AUDIT_EVENTS.ACTOR, AUDIT_EVENTS.ACTION,
                AUDIT_EVENTS.TARGET_TYPE, AUDIT_EVENTS.TARGET_ID, AUDIT_EVENTS.DETAIL);
        for (AuditEntry entry : entries) {
            insert = insert.values(at,
                    check("actor", entry.actor(), 200, false),
                    check("action", entry.action(), 100, false),
                    check("targetType", entry.targetType(), 100, true),
                    check("targetId", entry.targetId(), 200, true),
                    entry.detailJson() == null ? null : JSONB.valueOf(entry.detailJson()));
        }
        return insert.execute();
    }

    /** The newest events, newest first, at most {@code limit}. */
    public List<AuditEvent> list(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        return dsl.selectFrom(AUDIT_EVENTS)
                .orderBy(AUDIT_EVENTS.ID.desc())
                .limit(limit)
                .fetch(AuditLog::toEvent);
    }

    /**
     * Events older than {@code beforeId}, newest first, at most {@code limit}: the next page
     * after a page whose last event had id {@code beforeId}.
     */
    public List<AuditEvent> listBefore(long beforeId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        return dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.ID.lt(beforeId))
                .orderBy(AUDIT_EVENTS.ID.desc())
                .limit(limit)
                .fetch(AuditLog::toEvent);
    }

    /** Events about one target, oldest first, at most {@code limit}. */
    public List<AuditEvent> listFor(String targetType, String targetId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit);
        }
        return dsl.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.TARGET_TYPE.eq(targetType).and(AUDIT_EVENTS.TARGET_ID.eq(targetId)))
                .orderBy(AUDIT_EVENTS.ID)
                .limit(limit)
                .fetch(AuditLog::toEvent);
    }

    private static String check(String name, String value, int max, boolean nullable) {
        if (value == null) {
            if (nullable) {
                return null;
            }
            throw new NullPointerException(name);
        }
        if (value.isEmpty() && !nullable || value.length() > max) {
            throw new IllegalArgumentException(name + " must be " + (nullable ? 0 : 1) + ".." + max + " characters");
        }
        return value;
    }

    private static AuditEvent toEvent(AuditEventsRecord row) {
        JSONB detail = row.getDetail();
        return new AuditEvent(row.getId(), Timestamps.fromDb(row.getAt()), row.getActor(), row.getAction(),
                row.getTargetType(), row.getTargetId(), detail == null ? null : detail.data());
    }
}
