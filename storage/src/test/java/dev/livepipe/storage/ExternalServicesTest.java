// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import dev.livepipe.storage.embedded.EmbeddedS3Server;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production path: Storage configured with an external PostgreSQL URL and an external
 * S3 endpoint (here: servers started separately) starts no embedded server of its own.
 */
class ExternalServicesTest {

    @TempDir
    Path servicesDir;

    @TempDir
    Path storageDir;

    @Test
    void usesConfiguredDatabaseAndObjectStore() {
        EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(servicesDir);
        EmbeddedS3Server s3 = new EmbeddedS3Server(servicesDir);
        postgres.start();
        s3.start();
        try {
            StorageConfig config = StorageConfig.fromEnv(Map.of(
                    "LIVEPIPE_DATA_DIR", storageDir.toString(),
                    "LIVEPIPE_DATABASE_URL", postgres.jdbcUrl(),
                    "LIVEPIPE_DATABASE_USER", EmbeddedPostgresServer.USER,
                    "LIVEPIPE_S3_ENDPOINT", s3.endpoint().toString(),
                    "LIVEPIPE_S3_BUCKET", "external-bucket",
                    "LIVEPIPE_S3_ACCESS_KEY", s3.accessKey(),
                    "LIVEPIPE_S3_SECRET_KEY", s3.secretKey()));
            Storage storage = new Storage(config);
            storage.start();
            try {
                assertThat(storage.health()).isEmpty();
                String id = storage.streams().create("external").stream().id();
                storage.objects().put("k", new byte[] {42}, null);

                assertThat(storage.streams().get(id)).isPresent();
                assertThat(s3.blobDirectory().resolve("external-bucket")).isDirectory();
                assertThat(storageDir.resolve("postgres")).doesNotExist();
                assertThat(storageDir.resolve("s3")).doesNotExist();
                assertThat(storage.describe()).containsEntry("database", "external")
                        .containsEntry("objectStore", "external");
            } finally {
                storage.stop();
            }
        } finally {
            s3.stop();
            postgres.stop();
        }
    }
}
