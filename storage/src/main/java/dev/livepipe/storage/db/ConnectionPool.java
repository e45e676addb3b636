// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/**
 * A small bounded pool of PostgreSQL connections, a {@link DataSource} for jOOQ and Flyway.
 *
 * <p>At most {@link DatabaseConfig#maxConnections()} physical connections are open; a caller
 * that finds none free waits up to {@link DatabaseConfig#acquireTimeout()} and then gets an
 * {@link SQLTransientConnectionException}. Closing a borrowed connection returns it: an
 * open transaction is rolled back and auto-commit and read-only are reset, and a connection
 * that fails this, or was idle for a while and fails a validity check on the next borrow,
 * is discarded and replaced. Idle connections are reused most-recently-returned first.
 *
 * <p>Thread-safe. {@link #getConnection()} blocks (waiting for a permit, opening a
 * connection); call it on worker threads only. {@link #close()} closes idle connections at
 * once and borrowed ones when they are returned.
 */
public final class ConnectionPool implements DataSource, AutoCloseable {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(ConnectionPool.class);
    private static final long VALIDATE_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final PGSimpleDataSource physical;
    private final Semaphore permits;
    private final long acquireTimeoutNanos;
    private final Deque<Idle> idle = new ArrayDeque<>();
    private boolean closed;

    private record Idle(Connection connection, long since) {
    }

    public ConnectionPool(DatabaseConfig config) {
        this.physical = new PGSimpleDataSource();
        physical.setURL(config.jdbcUrl());
        if (config.user() != null) {
            physical.setUser(config.user());
        }
        if (config.password() != null) {
            physical.setPassword(config.password());
        }
        physical.setApplicationName("livepipe");
        physical.setTcpKeepAlive(true);
        this.permits = new Semaphore(config.maxConnections(), true);
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            if (!permits.tryAcquire(acquireTimeoutNanos, TimeUnit.NANOSECONDS)) {
                throw new SQLTransientConnectionException("no database connection free within "
                        + TimeUnit.NANOSECONDS.toMillis(acquireTimeoutNanos) + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
        try {
            return wrap(borrowPhysical());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Connection borrowPhysical() throws SQLException {
        while (true) {
            Idle candidate;
            synchronized (this) {
                if (closed) {
                    throw new SQLException("connection pool is closed");
                }
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return physical.getConnection();
            }
            boolean stale = System.nanoTime() - candidate.since() > VALIDATE_AFTER_IDLE_NANOS;
            if (!stale || candidate.connection().isValid(VALIDATION_TIMEOUT_SECONDS)) {
                return candidate.connection();
            }
            closeQuietly(candidate.connection());
        }
    }

    private void giveBack(Connection connection) {
        try {
            boolean reusable = !connection.isClosed() && reset(connection);
            synchronized (this) {
                if (reusable && !closed) {
                    idle.addFirst(new Idle(connection, System.nanoTime()));
                    return;
                }
            }
            closeQuietly(connection);
        } catch (SQLException e) {
            closeQuietly(connection);
        } finally {
            permits.release();
        }
    }

    private static boolean reset(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            if (connection.isReadOnly()) {
                connection.setReadOnly(false);
            }
            connection.clearWarnings();
            return true;
        } catch (SQLException e) {
            LOG.debug("discarding a connection that cannot be reset", e);
            return false;
        }
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(ConnectionPool.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Borrowed(connection));
    }

    /** Number of physical connections currently idle in the pool. */
    public synchronized int idleCount() {
        return idle.size();
    }

    /** Closes idle connections now and borrowed ones when returned. Idempotent. */
    @Override
    public void close() {
        Deque<Idle> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(i -> closeQuietly(i.connection()));
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }

    /** The handler behind a borrowed connection: close() returns it, once. */
    private final class Borrowed implements InvocationHandler {
        private final Connection target;
        private boolean returned;

        Borrowed(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    synchronized (this) {
                        if (returned) {
                            return null;
                        }
                        returned = true;
                    }
                    giveBack(target);
                    return null;
                }
                case "isClosed" -> {
                    synchronized (this) {
                        if (returned) {
                            return true;
                        }
                    }
                    return target.isClosed();
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "PooledConnection[" + target + "]";
                }
                default -> {
                    synchronized (this) {
                        if (returned) {
                            throw new SQLException("connection has been returned to the pool");
                        }
                    }
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool has fixed credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        physical.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return physical.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
