// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.DatabaseConfig;
import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import dev.livepipe.storage.embedded.EmbeddedS3Server;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.retention.RetentionPolicyRepository;
import dev.livepipe.storage.retention.RetentionPreview;
import dev.livepipe.storage.retention.RetentionSweeper;
import dev.livepipe.storage.retention.SweeperConfig;
import dev.livepipe.storage.s3.ObjectStore;
import dev.livepipe.storage.s3.S3Settings;
import dev.livepipe.storage.settings.SettingsRepository;
import dev.livepipe.storage.streams.StreamRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Livepipe's storage, composed from a {@link StorageConfig}: PostgreSQL (embedded unless a
 * URL is configured) with the schema migrated, the repositories over it, and the S3 object
 * store (embedded unless an endpoint is configured) with its bucket ensured. Production
 * and the default run go through the same code; only where the servers come from differs.
 *
 * <p>{@link #start()} also ends broadcasts that a crash left live (see
 * {@link BroadcastRepository#endDangling}), so call it before ingest accepts publishers.
 *
 * <p><b>Blocking:</b> {@link #start()}, {@link #stop()}, {@link #health()} and every
 * repository and object-store call block; run them on worker or virtual threads. Start and
 * stop from one thread; the accessors and components are thread-safe once started.
 */
public final class Storage {

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final StorageConfig config;
    private final Clock clock;
    private EmbeddedPostgresServer embeddedPostgres;
    private EmbeddedS3Server embeddedS3;
    private Database database;
    private ObjectStore objects;
    private volatile Components components;

    /** What exists while started. */
    private record Components(Database database, ObjectStore objects, StreamRepository streams,
            BroadcastRepository broadcasts, SettingsRepository settings, AuditLog audit,
            RecordingRepository recordings, RetentionPolicyRepository retentionPolicies,
            RetentionPreview retentionPreview) {
    }

    public Storage(StorageConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock source of timestamps for rows (tests pass a fixed clock) */
    public Storage(StorageConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts or connects to PostgreSQL and the object store, migrates the schema, ensures
     * the bucket and ends dangling broadcasts. On failure, whatever was started is stopped
     * again and the failure is thrown.
     */
    public void start() {
        if (components != null) {
            throw new IllegalStateException("already started");
        }
        long began = System.nanoTime();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDir(), e);
        }
        try {
            database = new Database(databaseConfig());
            database.start();
            objects = new ObjectStore(s3Settings());
            objects.ensureBucket();
            Components started = new Components(database, objects,
                    new StreamRepository(database.dsl(), clock),
                    new BroadcastRepository(database.dsl()),
                    new SettingsRepository(database.dsl()),
                    new AuditLog(database.dsl(), clock),
                    new RecordingRepository(database.dsl(), clock),
                    new RetentionPolicyRepository(database.dsl(), clock, config.retentionShorteningGrace()),
                    new RetentionPreview(database.dsl()));
            int dangling = started.broadcasts().endDangling(clock.instant());
            if (dangling > 0) {
                LOG.warn("ended {} broadcasts left live by an earlier crash", dangling);
            }
            components = started;
            LOG.info("storage started in {} ms (database {}, object store {} bucket {})",
                    (System.nanoTime() - began) / 1_000_000,
                    config.externalDatabase() ? "external" : "embedded",
                    objects.endpoint(), objects.bucket());
        } catch (RuntimeException e) {
            stopQuietly(e);
            throw e;
        }
    }

    private DatabaseConfig databaseConfig() {
        if (config.externalDatabase()) {
            return new DatabaseConfig(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        embeddedPostgres = new EmbeddedPostgresServer(config.dataDir());
        embeddedPostgres.start();
        return new DatabaseConfig(embeddedPostgres.jdbcUrl(), EmbeddedPostgresServer.USER, null);
    }

    private S3Settings s3Settings() {
        if (config.externalObjectStore()) {
            return new S3Settings(config.s3Endpoint(), config.s3Bucket(), config.s3Region(),
                    config.s3AccessKey(), config.s3SecretKey());
        }
        embeddedS3 = new EmbeddedS3Server(config.dataDir());
        embeddedS3.start();
        return new S3Settings(embeddedS3.endpoint(), config.s3Bucket(), config.s3Region(),
                embeddedS3.accessKey(), embeddedS3.secretKey());
    }

    /** Stops everything that was started, in reverse order. Idempotent. */
    public void stop() {
        RuntimeException failure = new IllegalStateException("storage did not stop cleanly");
        stopQuietly(failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private void stopQuietly(RuntimeException collector) {
        components = null;
        if (objects != null) {
            run(objects::close, collector);
            objects = null;
        }
        if (embeddedS3 != null) {
            run(embeddedS3::stop, collector);
            embeddedS3 = null;
        }
        if (database != null) {
            run(database::stop, collector);
            database = null;
        }
        if (embeddedPostgres != null) {
            run(embeddedPostgres::stop, collector);
            embeddedPostgres = null;
        }
    }

    private static void run(Runnable step, RuntimeException collector) {
        try {
            step.run();
        } catch (RuntimeException e) {
            collector.addSuppressed(e);
        }
    }

    /**
     * Checks each part with a cheap request.
     *
     * @return what is not ready, empty when all is well
     */
    public List<String> health() {
        Components current = components;
        if (current == null) {
            return List.of("storage: not started");
        }
        List<String> problems = new ArrayList<>();
        current.database().check().ifPresent(problems::add);
        current.objects().check().ifPresent(problems::add);
        return problems;
    }

    /** A snapshot for the admin API; contains no secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        Components current = components;
        snapshot.put("started", current != null);
        snapshot.put("dataDir", config.dataDir().toAbsolutePath().toString());
        snapshot.put("database", config.externalDatabase() ? "external" : "embedded");
        snapshot.put("objectStore", config.externalObjectStore() ? "external" : "embedded");
        snapshot.put("retentionSweepSeconds", config.retentionSweepInterval().toSeconds());
        snapshot.put("retentionShorteningGraceSeconds", config.retentionShorteningGrace().toSeconds());
        if (current != null) {
            snapshot.put("objectStoreEndpoint", current.objects().endpoint().toString());
            snapshot.put("bucket", current.objects().bucket());
        }
        return snapshot;
    }

    /** The configuration this storage was built with. */
    public StorageConfig config() {
        return config;
    }

    public Database database() {
        return started().database();
    }

    public ObjectStore objects() {
        return started().objects();
    }

    public StreamRepository streams() {
        return started().streams();
    }

    public BroadcastRepository broadcasts() {
        return started().broadcasts();
    }

    public SettingsRepository settings() {
        return started().settings();
    }

    public AuditLog audit() {
        return started().audit();
    }

    public RecordingRepository recordings() {
        return started().recordings();
    }

    public RetentionPolicyRepository retentionPolicies() {
        return started().retentionPolicies();
    }

    public RetentionPreview retentionPreview() {
        return started().retentionPreview();
    }

    /**
     * A retention sweeper over this storage, configured with
     * {@link StorageConfig#retentionSweepInterval()}; the caller schedules
     * {@link RetentionSweeper#sweep()} on a worker at that interval.
     *
     * @param clock decides what has expired (normally the system clock)
     */
    public RetentionSweeper newSweeper(Clock clock) {
        Components current = started();
        return new RetentionSweeper(current.database().dsl(), current.objects(), current.audit(), clock,
                SweeperConfig.every(config.retentionSweepInterval()));
    }

    /** A retention sweeper using this storage's clock; see {@link #newSweeper(Clock)}. */
    public RetentionSweeper newSweeper() {
        return newSweeper(clock);
    }

    private Components started() {
        Components current = components;
        if (current == null) {
            throw new IllegalStateException("storage is not started");
        }
        return current;
    }
}
