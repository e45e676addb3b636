// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.db.SharedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class AuditLogTest {

    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");

    @Test
    void recordsAndListsNewestFirst(DSLContext dsl) {
        AuditLog audit = new AuditLog(dsl, Clock.fixed(NOW, ZoneOffset.UTC));

        AuditEvent first = audit.record("admin", "stream.create", "stream", "abcdefghijkl", "{\"title\": \"x\"}");
        AuditEvent second = audit.record("retention-sweeper", "recording.delete", null, null, null);

        assertThat(first.id()).isLessThan(second.id());
        assertThat(first.at()).isEqualTo(NOW);
        assertThat(first.detail()).isEqualTo("{\"title\": \"x\"}");
        assertThat(audit.list(2)).containsExactly(second, first);
        assertThat(audit.list(1)).containsExactly(second);
    }

    @Test
    void rejectsBadInput(DSLContext dsl) {
        AuditLog audit = new AuditLog(dsl, Clock.systemUTC());

        assertThatThrownBy(() -> audit.record("admin", "x", null, null, "{broken")).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> audit.record("", "x", null, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> audit.record(null, "x", null, null, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> audit.list(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
