// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL and how many connections to keep. Immutable; {@code toString()}
 * hides the password.
 *
 * @param jdbcUrl        {@code jdbc:postgresql:} URL
 * @param user           user name, or {@code null} when the URL carries it
 * @param password       password, or {@code null}
 * @param maxConnections upper bound of open connections (1 or more)
 * @param acquireTimeout how long a caller waits for a free connection before failing
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxConnections, Duration acquireTimeout) {

    /** Default pool bound: enough for a few worker threads, small for a shared server. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10;
    public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections);
        }
    }

    /** Default pool bound and timeout. */
    public DatabaseConfig(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DEFAULT_MAX_CONNECTIONS, DEFAULT_ACQUIRE_TIMEOUT);
    }

    @Override
    public String toString() {
        int query = jdbcUrl.indexOf('?');
        return "DatabaseConfig[jdbcUrl=" + (query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?<redacted>")
                + ", user=" + user + ", password=" + (password == null ? null : "<redacted>")
                + ", maxConnections=" + maxConnections + ", acquireTimeout=" + acquireTimeout + "]";
    }
}
