// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import java.util.Objects;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL system of record: a {@link ConnectionPool}, the Flyway migrations in
 * {@code classpath:db/migration} and a jOOQ {@link DSLContext} over them.
 *
 * <p>{@link #start()} opens the pool and migrates the schema to the newest version (safe
 * when several nodes start at once: Flyway takes a database lock). Repositories receive
 * {@link #dsl()}; every query borrows a pooled connection for its duration.
 *
 * <p><b>Blocking:</b> {@link #start()}, {@link #stop()}, {@link #check()} and every query
 * through {@link #dsl()} block on JDBC; run them on worker or virtual threads. After
 * {@code start()} the instance is thread-safe; start and stop it from one thread.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** Where the Flyway migrations live on the class path. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private final DatabaseConfig config;
    private volatile ConnectionPool pool;
    private volatile DSLContext dsl;

    public Database(DatabaseConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Opens the pool and applies pending migrations.
     *
     * @return the number of migrations applied now (0 when the schema was current)
     * @throws org.flywaydb.core.api.FlywayException when the database is unreachable or a
     *         migration fails
     */
    public int start() {
        if (pool != null) {
            throw new IllegalStateException("already started");
        }
        ConnectionPool opened = new ConnectionPool(config);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(opened)
                    .locations(MIGRATIONS)
                    .cleanDisabled(true)
                    .load()
                    .migrate();
            LOG.info("database schema at version {} ({} migrations applied now)",
                    result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                    result.migrationsExecuted);
            dsl = DSL.using(opened, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
            pool = opened;
            return result.migrationsExecuted;
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Closes the pool. Idempotent. */
    public void stop() {
        ConnectionPool current = pool;
        pool = null;
        dsl = null;
        if (current != null) {
            current.close();
        }
    }

    /** The jOOQ context for repositories. */
    public DSLContext dsl() {
        DSLContext current = dsl;
        if (current == null) {
            throw new IllegalStateException("database is not started");
        }
        return current;
    }

    /** The pooled data source (for tools that need JDBC). */
    public ConnectionPool dataSource() {
        ConnectionPool current = pool;
        if (current == null) {
            throw new IllegalStateException("database is not started");
        }
        return current;
    }

    /**
     * Runs a trivial query.
     *
     * @return empty when the database answers, otherwise what is wrong
     */
    public Optional<String> check() {
        try {
            dsl().selectOne().fetch();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("database: " + e.getMessage());
        }
    }

    /** The configuration this database was built with. */
    public DatabaseConfig config() {
        return config;
    }
}
