// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server for the default, nothing-installed run: zonky's embedded binaries,
 * listening on loopback only, with its cluster under {@code <dataDir>/postgres} so that a
 * restart keeps every row.
 *
 * <p>Each start picks a free port (only this process connects; {@link #jdbcUrl()} tells
 * it). Local connections are trusted, the superuser {@value #USER} owns database
 * {@value #DATABASE}. Durability settings are PostgreSQL's defaults ({@code fsync} and
 * {@code synchronous_commit} on), not zonky's test-oriented ones.
 *
 * <p>A start after a crash works: the data directory is guarded by an OS lock file
 * ({@code <dataDir>/postgres.lock}, released by the kernel when the owning process dies) and
 * a server that a killed process left running is stopped first (see
 * {@link OrphanedPostmaster}). Two live processes on the same data directory are refused.
 *
 * <p>{@link #start()} and {@link #stop()} block (initdb on first start takes about a
 * second, later starts a few hundred milliseconds); call them from a worker thread, never
 * from an event loop. Not thread-safe; the owner starts and stops it from one thread.
 */
public final class EmbeddedPostgresServer {

    /** Superuser the embedded cluster is initialized with. */
    public static final String USER = "postgres";
    /** Database Livepipe uses inside the embedded cluster. */
    public static final String DATABASE = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final Path pgData;
    private final Path lockFile;
    private DirectoryLock lock;
    private EmbeddedPostgres postgres;

    /**
     * @param dataDir Livepipe's data directory; the cluster lives in its {@code postgres}
     *                subdirectory
     */
    public EmbeddedPostgresServer(Path dataDir) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        this.pgData = dir.resolve("postgres");
        this.lockFile = dir.resolve("postgres.lock");
    }

    /**
     * Initializes the cluster if needed and starts the server. Blocks until it accepts
     * connections.
     *
     * @throws IllegalStateException when already started or when another live process uses
     *                               the data directory
     * @throws UncheckedIOException  when PostgreSQL cannot be initialized or started
     */
    public void start() {
        if (postgres != null) {
            throw new IllegalStateException("already started");
        }
        long began = System.nanoTime();
        DirectoryLock acquired = DirectoryLock.acquire(lockFile);
        try {
            OrphanedPostmaster.stopIfRunning(pgData, ORPHAN_STOP_WAIT);
            Files.createDirectories(pgData);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "50")
                    .start();
            lock = acquired;
            LOG.info("embedded PostgreSQL on 127.0.0.1:{} with data in {} started in {} ms",
                    postgres.getPort(), pgData, (System.nanoTime() - began) / 1_000_000);
        } catch (IOException e) {
            acquired.close();
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + pgData, e);
        } catch (RuntimeException e) {
            acquired.close();
            throw e;
        }
    }

    /** Stops the server (fast shutdown) and releases the data directory. Idempotent; blocks. */
    public void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL in " + pgData, e);
        } finally {
            postgres = null;
            lock.close();
            lock = null;
        }
    }

    /** Whether {@link #start()} succeeded and {@link #stop()} was not called since. */
    public boolean isRunning() {
        return postgres != null;
    }

    /** The port of the running server. */
    public int port() {
        return running().getPort();
    }

    /** JDBC URL of database {@value #DATABASE} as user {@value #USER} (no password needed). */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    /** The cluster's data directory, {@code <dataDir>/postgres}. */
    public Path dataDirectory() {
        return pgData;
    }

    private EmbeddedPostgres running() {
        if (postgres == null) {
            throw new IllegalStateException("embedded PostgreSQL is not running");
        }
        return postgres;
    }
}
