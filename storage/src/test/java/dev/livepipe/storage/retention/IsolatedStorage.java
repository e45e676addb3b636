// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.AUDIT_EVENTS;
import static dev.livepipe.storage.jooq.Tables.RECORDINGS;
import static dev.livepipe.storage.jooq.Tables.RETENTION_POLICIES;
import static dev.livepipe.storage.jooq.Tables.STREAMS;

import dev.livepipe.storage.TestFiles;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.DatabaseConfig;
import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import dev.livepipe.storage.embedded.EmbeddedS3Server;
import dev.livepipe.storage.s3.ObjectStore;
import dev.livepipe.storage.s3.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;

/**
 * A PostgreSQL and an S3 API server of their own for retention tests, which sweep whole
 * tables and change the default policy: nothing else runs on them. Two independent
 * {@link Database}s (two connection pools) reach the same database, as two nodes would.
 * {@link #reset()} empties it back to the migrated state between tests.
 */
public final class IsolatedStorage implements AutoCloseable {

    /** Id of the policy seeded by the migration. */
    public static final long SEEDED_DEFAULT = 1;

    private final Path dataDir;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedS3Server s3;
    private final Database database;
    private final Database secondNode;
    private final ObjectStore objects;

    IsolatedStorage() {
        try {
            dataDir = Files.createTempDirectory("livepipe-retention");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = new EmbeddedPostgresServer(dataDir.resolve("postgres"));
        postgres.start();
        DatabaseConfig config = new DatabaseConfig(postgres.jdbcUrl(), EmbeddedPostgresServer.USER, null);
        database = new Database(config);
        database.start();
        secondNode = new Database(config);
        secondNode.start();
        s3 = new EmbeddedS3Server(dataDir.resolve("s3"));
        s3.start();
        objects = new ObjectStore(new S3Settings(s3.endpoint(), "retention", "us-east-1", s3.accessKey(),
                s3.secretKey()));
        objects.ensureBucket();
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    /** A second connection pool on the same database. */
    public DSLContext secondNode() {
        return secondNode.dsl();
    }

    public ObjectStore objects() {
        return objects;
    }

    /** Deletes recordings, streams, audit events and every policy but the seeded default (30 days). */
    public void reset() {
        DSLContext dsl = dsl();
        dsl.deleteFrom(RECORDINGS).execute();
        dsl.deleteFrom(STREAMS).execute();
        dsl.deleteFrom(AUDIT_EVENTS).execute();
        dsl.update(RETENTION_POLICIES).set(RETENTION_POLICIES.IS_DEFAULT, false)
                .where(RETENTION_POLICIES.ID.ne(SEEDED_DEFAULT)).execute();
        dsl.update(RETENTION_POLICIES).set(RETENTION_POLICIES.IS_DEFAULT, true)
                .set(RETENTION_POLICIES.RETENTION_SECONDS, 30L * 86_400)
                .where(RETENTION_POLICIES.ID.eq(SEEDED_DEFAULT)).execute();
        dsl.deleteFrom(RETENTION_POLICIES).where(RETENTION_POLICIES.ID.ne(SEEDED_DEFAULT)).execute();
    }

    @Override
    public void close() {
        objects.close();
        s3.stop();
        secondNode.stop();
        database.stop();
        postgres.stop();
        TestFiles.deleteRecursively(dataDir);
    }
}
