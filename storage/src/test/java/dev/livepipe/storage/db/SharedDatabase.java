// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import dev.livepipe.storage.TestFiles;
import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension that gives test methods and lifecycle methods a migrated {@link Database}
 * (or its {@link DSLContext}) on one embedded PostgreSQL shared by every test class of the
 * run; it is stopped when the run ends. Tests must not depend on the database being empty:
 * they create their own rows with random ids.
 */
public final class SharedDatabase implements ParameterResolver {

    /** The running server and database; closed by JUnit at the end of the run. */
    private static final class Resource implements AutoCloseable {
        final Path dataDir;
        final EmbeddedPostgresServer server;
        final Database database;

        Resource() {
            try {
                dataDir = Files.createTempDirectory("livepipe-shared-db");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = new EmbeddedPostgresServer(dataDir);
            try {
                server.start();
                database = new Database(new DatabaseConfig(server.jdbcUrl(), EmbeddedPostgresServer.USER, null));
                database.start();
            } catch (RuntimeException e) {
                server.stop();
                TestFiles.deleteRecursively(dataDir);
                throw e;
            }
        }

        @Override
        public void close() {
            database.stop();
            server.stop();
            TestFiles.deleteRecursively(dataDir);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Database.class || type == DSLContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Resource resource = context.getRoot().getStore(ExtensionContext.Namespace.create(SharedDatabase.class))
                .getOrComputeIfAbsent(Resource.class, k -> new Resource(), Resource.class);
        return parameter.getParameter().getType() == Database.class ? resource.database : resource.database.dsl();
    }
}
