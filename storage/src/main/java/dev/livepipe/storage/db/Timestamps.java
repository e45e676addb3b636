// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Conversions between domain {@link Instant}s and the {@link OffsetDateTime}s that jOOQ
 * uses for {@code TIMESTAMP WITH TIME ZONE}. Values are truncated to microseconds, the
 * precision PostgreSQL stores, so that what is written reads back equal. Stateless.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** The instant, truncated to microseconds, at UTC; {@code null} stays {@code null}. */
    public static OffsetDateTime toDb(Instant instant) {
        return instant == null ? null : truncate(instant).atOffset(ZoneOffset.UTC);
    }

    /** The instant of a database timestamp; {@code null} stays {@code null}. */
    public static Instant fromDb(OffsetDateTime timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The instant truncated to PostgreSQL's microsecond precision. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
