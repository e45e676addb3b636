// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where Livepipe keeps its data: a local data directory and, optionally, an external
 * PostgreSQL and an external S3-compatible object store.
 *
 * <p>Without {@link #databaseUrl()} an embedded PostgreSQL runs with its data under
 * {@code <dataDir>/postgres}; without {@link #s3Endpoint()} an embedded S3 API server runs
 * with its objects under {@code <dataDir>/s3}. Blank strings count as absent. The
 * {@code toString()} of this record never shows the database password or the S3 secret key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dataDir           local data directory (embedded databases, credentials)
 * @param databaseUrl       JDBC URL of an external PostgreSQL, or {@code null} for embedded
 * @param databaseUser      user for the external PostgreSQL, or {@code null}
 * @param databasePassword  password for the external PostgreSQL, or {@code null}
 * @param s3Endpoint        endpoint of an external S3 API, or {@code null} for embedded
 * @param s3Bucket          bucket for media (also used with the embedded server)
 * @param s3AccessKey       access key for the external S3, required with an endpoint
 * @param s3SecretKey       secret key for the external S3, required with an endpoint
 * @param s3Region          signing region
 * @param retentionSweepInterval how often the retention sweeper runs (default 60 s)
 * @param retentionShorteningGrace how long a policy-wide shortening of retention waits
 *                          before it can delete anything (default 24 h, zero allowed; see
 *                          {@code RetentionPolicyRepository})
 */
public record StorageConfig(
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        URI s3Endpoint,
        String s3Bucket,
        String s3AccessKey,
        String s3SecretKey,
        String s3Region,
        Duration retentionSweepInterval,
        Duration retentionShorteningGrace) {

    public static final String ENV_DATA_DIR = "LIVEPIPE_DATA_DIR";
    public static final String ENV_DATABASE_URL = "LIVEPIPE_DATABASE_URL";
    public static final String ENV_DATABASE_USER = "LIVEPIPE_DATABASE_USER";
    public static final String ENV_DATABASE_PASSWORD = "LIVEPIPE_DATABASE_PASSWORD";
    public static final String ENV_S3_ENDPOINT = "LIVEPIPE_S3_ENDPOINT";
    public static final String ENV_S3_BUCKET = "LIVEPIPE_S3_BUCKET";
    public static final String ENV_S3_ACCESS_KEY = "LIVEPIPE_S3_ACCESS_KEY";
    public static final String ENV_S3_SECRET_KEY = "LIVEPIPE_S3_SECRET_KEY";
    public static final String ENV_S3_REGION = "LIVEPIPE_S3_REGION";
    public static final String ENV_RETENTION_SWEEP_SECONDS = "LIVEPIPE_RETENTION_SWEEP_SECONDS";
    public static final String ENV_RETENTION_SHORTENING_GRACE_SECONDS = "LIVEPIPE_RETENTION_SHORTENING_GRACE_SECONDS";

    /** Every environment variable {@link #fromEnv(Map)} reads, in a stable order. */
    public static final List<String> ENV_VARIABLES = List.of(
            ENV_DATA_DIR,
            ENV_DATABASE_URL, ENV_DATABASE_USER, ENV_DATABASE_PASSWORD,
            ENV_S3_ENDPOINT, ENV_S3_BUCKET, ENV_S3_ACCESS_KEY, ENV_S3_SECRET_KEY, ENV_S3_REGION,
            ENV_RETENTION_SWEEP_SECONDS, ENV_RETENTION_SHORTENING_GRACE_SECONDS);

    public static final String DEFAULT_DATA_DIR = "./data";
    public static final String DEFAULT_BUCKET = "livepipe";
    public static final String DEFAULT_REGION = "us-east-1";
    public static final Duration DEFAULT_RETENTION_SWEEP_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RETENTION_SHORTENING_GRACE = Duration.ofHours(24);

    /** Normalizes blanks to {@code null}, applies defaults and validates. */
    public StorageConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        databaseUrl = blankToNull(databaseUrl);
        databaseUser = blankToNull(databaseUser);
        databasePassword = blankToNull(databasePassword);
        s3Bucket = Objects.requireNonNullElse(blankToNull(s3Bucket), DEFAULT_BUCKET);
        s3AccessKey = blankToNull(s3AccessKey);
        s3SecretKey = blankToNull(s3SecretKey);
        s3Region = Objects.requireNonNullElse(blankToNull(s3Region), DEFAULT_REGION);
        retentionSweepInterval = Objects.requireNonNullElse(retentionSweepInterval, DEFAULT_RETENTION_SWEEP_INTERVAL);
        retentionShorteningGrace = Objects.requireNonNullElse(retentionShorteningGrace,
                DEFAULT_RETENTION_SHORTENING_GRACE);
        if (retentionSweepInterval.isNegative() || retentionSweepInterval.isZero()) {
            throw new IllegalArgumentException(ENV_RETENTION_SWEEP_SECONDS + " must be positive");
        }
        if (retentionShorteningGrace.isNegative()) {
            throw new IllegalArgumentException(ENV_RETENTION_SHORTENING_GRACE_SECONDS + " must not be negative");
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(ENV_DATABASE_URL + " must be a jdbc:postgresql: URL");
        }
        if (s3Endpoint != null) {
            String scheme = s3Endpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme) || s3Endpoint.getHost() == null) {
                throw new IllegalArgumentException(ENV_S3_ENDPOINT + " must be an http(s) URL with a host");
            }
            if (s3AccessKey == null || s3SecretKey == null) {
                throw new IllegalArgumentException(ENV_S3_ENDPOINT + " needs "
                        + ENV_S3_ACCESS_KEY + " and " + ENV_S3_SECRET_KEY);
            }
        }
    }

    /** The configuration with default retention settings (sweep every 60 s, 24 h grace). */
    public StorageConfig(Path dataDir, String databaseUrl, String databaseUser, String databasePassword,
            URI s3Endpoint, String s3Bucket, String s3AccessKey, String s3SecretKey, String s3Region) {
        this(dataDir, databaseUrl, databaseUser, databasePassword, s3Endpoint, s3Bucket, s3AccessKey, s3SecretKey,
                s3Region, null, null);
    }

    /** Embedded PostgreSQL and embedded S3 under {@code dataDir}, default bucket and region. */
    public static StorageConfig embedded(Path dataDir) {
        return new StorageConfig(dataDir, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads the configuration from environment variables (see {@link #ENV_VARIABLES}).
     *
     * @param env usually {@code System.getenv()}
     * @throws IllegalArgumentException when a value is malformed or an endpoint lacks keys
     */
    public static StorageConfig fromEnv(Map<String, String> env) {
        String dataDir = Objects.requireNonNullElse(blankToNull(env.get(ENV_DATA_DIR)), DEFAULT_DATA_DIR);
        String endpoint = blankToNull(env.get(ENV_S3_ENDPOINT));
        URI s3Endpoint;
        try {
            s3Endpoint = endpoint == null ? null : URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_S3_ENDPOINT + " is not a URL: " + e.getMessage(), e);
        }
        return new StorageConfig(
                Path.of(dataDir),
                env.get(ENV_DATABASE_URL),
                env.get(ENV_DATABASE_USER),
                env.get(ENV_DATABASE_PASSWORD),
                s3Endpoint,
                env.get(ENV_S3_BUCKET),
                env.get(ENV_S3_ACCESS_KEY),
                env.get(ENV_S3_SECRET_KEY),
                env.get(ENV_S3_REGION),
                seconds(env, ENV_RETENTION_SWEEP_SECONDS),
                seconds(env, ENV_RETENTION_SHORTENING_GRACE_SECONDS));
    }

    private static Duration seconds(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of seconds, was " + value, e);
        }
    }

    /** Whether an external PostgreSQL is configured (otherwise the embedded one runs). */
    public boolean externalDatabase() {
        return databaseUrl != null;
    }

    /** Whether an external S3 endpoint is configured (otherwise the embedded one runs). */
    public boolean externalObjectStore() {
        return s3Endpoint != null;
    }

    @Override
    public String toString() {
        return "StorageConfig[dataDir=" + dataDir
                + ", databaseUrl=" + withoutQuery(databaseUrl)
                + ", databaseUser=" + databaseUser
                + ", databasePassword=" + (databasePassword == null ? null : "<redacted>")
                + ", s3Endpoint=" + s3Endpoint
                + ", s3Bucket=" + s3Bucket
                + ", s3AccessKey=" + s3AccessKey
                + ", s3SecretKey=" + (s3SecretKey == null ? null : "<redacted>")
                + ", s3Region=" + s3Region
                + ", retentionSweepInterval=" + retentionSweepInterval
                + ", retentionShorteningGrace=" + retentionShorteningGrace + "]";
    }

    /** JDBC URLs may carry a password as a query parameter: show only what precedes it. */
    private static String withoutQuery(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?<redacted>";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
