// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import dev.livepipe.storage.jooq.DefaultSchema;
import java.nio.file.Path;
import java.util.List;
import org.jooq.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {

    @TempDir
    Path dataDir;

    @Test
    void migrationsApplyOnAFreshDatabaseOnceAndMatchTheGeneratedClasses() {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir);
        server.start();
        try {
            DatabaseConfig config = new DatabaseConfig(server.jdbcUrl(), EmbeddedPostgresServer.USER, null);
            Database first = new Database(config);
            // One per migration file (V3 chat and V4 analytics are written in parallel by different people).
            long files;
            try (var list = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
                files = list.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(first.start()).isEqualTo((int) files);
            first.stop();

            Database second = new Database(config);
            assertThat(second.start()).isZero();
            try {
                List<String> live = second.dsl().meta().getSchemas("public").getFirst().getTables().stream()
                        .map(Table::getName).filter(name -> !name.startsWith("flyway")).sorted().toList();
                List<String> generated = DefaultSchema.DEFAULT_SCHEMA.getTables().stream()
                        .map(Table::getName).sorted().toList();
                assertThat(live).isEqualTo(generated).contains("streams", "broadcasts", "settings", "audit_events",
                        "recordings", "retention_policies");
                assertThat(second.check()).isEmpty();
                // The embedded server keeps PostgreSQL's durable defaults, not zonky's test settings.
                assertThat(second.dsl().fetchValue("show fsync")).isEqualTo("on");
                assertThat(second.dsl().fetchValue("show synchronous_commit")).isEqualTo("on");
            } finally {
                second.stop();
            }
        } finally {
            server.stop();
        }
    }
}
