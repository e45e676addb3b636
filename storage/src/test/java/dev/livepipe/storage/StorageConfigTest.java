// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageConfigTest {

    @Test
    void emptyEnvironmentMeansEmbeddedEverythingWithDefaults() {
        StorageConfig config = StorageConfig.fromEnv(Map.of());

        assertThat(config.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(config.externalDatabase()).isFalse();
        assertThat(config.externalObjectStore()).isFalse();
        assertThat(config.s3Bucket()).isEqualTo("livepipe");
        assertThat(config.s3Region()).isEqualTo("us-east-1");
        assertThat(config.retentionSweepInterval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.retentionShorteningGrace()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void readsEveryVariable() {
        Map<String, String> env = new HashMap<>();
        env.put("LIVEPIPE_DATA_DIR", "/var/lib/livepipe");
        env.put("LIVEPIPE_DATABASE_URL", "jdbc:postgresql://db:5432/livepipe");
        env.put("LIVEPIPE_DATABASE_USER", "lp");
        env.put("LIVEPIPE_DATABASE_PASSWORD", "db-secret");
        env.put("LIVEPIPE_S3_ENDPOINT", "http://minio:9000");
        env.put("LIVEPIPE_S3_BUCKET", "media");
        env.put("LIVEPIPE_S3_ACCESS_KEY", "access");
        env.put("LIVEPIPE_S3_SECRET_KEY", "s3-secret");
        env.put("LIVEPIPE_S3_REGION", "eu-west-1");
        env.put("LIVEPIPE_RETENTION_SWEEP_SECONDS", "15");
        env.put("LIVEPIPE_RETENTION_SHORTENING_GRACE_SECONDS", "0");

        StorageConfig config = StorageConfig.fromEnv(env);

        assertThat(config).isEqualTo(new StorageConfig(Path.of("/var/lib/livepipe"),
                "jdbc:postgresql://db:5432/livepipe", "lp", "db-secret", URI.create("http://minio:9000"),
                "media", "access", "s3-secret", "eu-west-1", Duration.ofSeconds(15), Duration.ZERO));
        assertThat(config.externalDatabase()).isTrue();
        assertThat(config.externalObjectStore()).isTrue();
        assertThat(StorageConfig.ENV_VARIABLES).containsExactlyInAnyOrderElementsOf(env.keySet());
    }

    @Test
    void blankValuesCountAsAbsent() {
        StorageConfig config = StorageConfig.fromEnv(Map.of("LIVEPIPE_S3_BUCKET", " ", "LIVEPIPE_DATABASE_URL", ""));

        assertThat(config.s3Bucket()).isEqualTo("livepipe");
        assertThat(config.externalDatabase()).isFalse();
    }

    @Test
    void toStringHidesSecrets() {
        StorageConfig config = new StorageConfig(Path.of("d"), "jdbc:postgresql://db/lp?password=url-secret", "lp",
                "db-secret", URI.create("http://minio:9000"), null, "access", "s3-secret", null);

        assertThat(config.toString()).doesNotContain("db-secret", "s3-secret", "url-secret").contains("access");
    }

    @Test
    void rejectsMalformedValues() {
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_DATABASE_URL", "postgres://db")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEPIPE_DATABASE_URL");
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_S3_ENDPOINT", "http://minio:9000")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEPIPE_S3_ACCESS_KEY");
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_S3_ENDPOINT", "minio:9000",
                "LIVEPIPE_S3_ACCESS_KEY", "a", "LIVEPIPE_S3_SECRET_KEY", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEPIPE_S3_ENDPOINT");
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_RETENTION_SWEEP_SECONDS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEPIPE_RETENTION_SWEEP_SECONDS");
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_RETENTION_SWEEP_SECONDS", "1m")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LIVEPIPE_RETENTION_SWEEP_SECONDS");
        assertThatThrownBy(() -> StorageConfig.fromEnv(Map.of("LIVEPIPE_RETENTION_SHORTENING_GRACE_SECONDS", "-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LIVEPIPE_RETENTION_SHORTENING_GRACE_SECONDS");
    }
}
