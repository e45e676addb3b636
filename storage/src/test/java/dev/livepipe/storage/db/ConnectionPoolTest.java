// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ConnectionPoolTest {

    private static ConnectionPool pool(Database database, int max, Duration timeout) {
        DatabaseConfig shared = database.config();
        return new ConnectionPool(new DatabaseConfig(shared.jdbcUrl(), shared.user(), shared.password(), max, timeout));
    }

    @Test
    void neverOpensMoreThanTheBound(Database database) throws SQLException {
        try (ConnectionPool pool = pool(database, 2, Duration.ofMillis(200))) {
            Connection a = pool.getConnection();
            Connection b = pool.getConnection();

            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);

            a.close();
            Connection c = pool.getConnection();
            assertThat(c.isValid(1)).isTrue();
            b.close();
            c.close();
            assertThat(pool.idleCount()).isEqualTo(2);
        }
    }

    @Test
    void returnedConnectionIsReusedAndReset(Database database) throws SQLException {
        try (ConnectionPool pool = pool(database, 1, Duration.ofSeconds(1))) {
            Connection first = pool.getConnection();
            int pid = backendPid(first);
            first.setAutoCommit(false);
            first.createStatement().execute("create temporary table pool_probe (x int)");
            first.close();

            assertThat(first.isClosed()).isTrue();
            assertThatThrownBy(first::createStatement).isInstanceOf(SQLException.class);

            try (Connection second = pool.getConnection()) {
                assertThat(backendPid(second)).isEqualTo(pid);
                assertThat(second.getAutoCommit()).isTrue();
                // The transaction that created the table was rolled back on return.
                assertThat(DSL.using(second).fetchValue("select to_regclass('pool_probe')::text")).isNull();
            }
        }
    }

    @Test
    void waitersGetConnectionsAsTheyAreReturned(Database database) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(8);
        AtomicInteger borrowed = new AtomicInteger();
        AtomicInteger mostBorrowed = new AtomicInteger();
        try (ConnectionPool pool = pool(database, 2, Duration.ofSeconds(10))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(workers.submit(() -> {
                    try (Connection c = pool.getConnection()) {
                        mostBorrowed.accumulateAndGet(borrowed.incrementAndGet(), Math::max);
                        int one = queryInt(c, "select 1 from pg_sleep(0.005)");
                        borrowed.decrementAndGet();
                        return one;
                    }
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(1);
            }
            assertThat(mostBorrowed.get()).isBetween(1, 2);
            assertThat(pool.idleCount()).isBetween(1, 2);
        } finally {
            workers.shutdownNow();
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        return queryInt(connection, "select pg_backend_pid()");
    }

    private static int queryInt(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
