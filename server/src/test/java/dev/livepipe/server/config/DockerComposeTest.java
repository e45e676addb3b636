// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.livepipe.storage.StorageConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No Docker engine runs on the build machines, so docker-compose.yml is kept right by checking
 * it against the configuration the code actually reads: service names, published ports,
 * every LIVEPIPE_* variable known to the code, and credentials that agree across services.
 */
class DockerComposeTest {

    private static JsonNode compose;
    private static Map<String, String> env;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of("..", "docker-compose.yml");
        compose = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        env = new HashMap<>();
        compose.path("services").path("livepipe").path("environment").properties()
                .forEach(e -> env.put(e.getKey(), e.getValue().asText()));
    }

    @Test
    void hasTheThreeServices() {
        List<String> names = new ArrayList<>();
        compose.path("services").fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("livepipe", "postgres", "minio");
        assertThat(compose.at("/services/livepipe/depends_on").has("postgres")).isTrue();
        assertThat(compose.at("/services/livepipe/depends_on").has("minio")).isTrue();
    }

    @Test
    void everyVariableIsOneTheCodeReads() {
        Set<String> known = new HashSet<>(ServerConfig.ENV_VARS);
        known.addAll(StorageConfig.ENV_VARIABLES);
        assertThat(known).containsAll(env.keySet());
        // The production-like setup must switch both stores to the external services.
        assertThat(env).containsKeys("LIVEPIPE_DATABASE_URL", "LIVEPIPE_DATABASE_USER", "LIVEPIPE_DATABASE_PASSWORD",
                "LIVEPIPE_S3_ENDPOINT", "LIVEPIPE_S3_BUCKET", "LIVEPIPE_S3_ACCESS_KEY", "LIVEPIPE_S3_SECRET_KEY",
                "LIVEPIPE_S3_REGION", "LIVEPIPE_ADMIN_TOKEN");
        // And the values must parse the way the service parses them.
        ServerConfig parsed = ServerConfig.fromEnv(env);
        StorageConfig storage = StorageConfig.fromEnv(env);
        assertThat(parsed.adminToken()).isPresent();
        assertThat(storage).isNotNull();
    }

    @Test
    void publishedPortsAreTheConfiguredOnes() {
        ServerConfig parsed = ServerConfig.fromEnv(env);
        List<String> ports = new ArrayList<>();
        compose.at("/services/livepipe/ports").forEach(p -> ports.add(p.asText()));
        assertThat(ports).contains(parsed.httpPort() + ":" + parsed.httpPort(),
                parsed.rtmpPort() + ":" + parsed.rtmpPort());
    }

    @Test
    void databaseSettingsMatchThePostgresService() {
        URI jdbc = URI.create(env.get("LIVEPIPE_DATABASE_URL").substring("jdbc:".length()));
        assertThat(jdbc.getHost()).isEqualTo("postgres");
        assertThat(jdbc.getPort()).isEqualTo(5432);
        JsonNode pg = compose.at("/services/postgres/environment");
        assertThat(jdbc.getPath()).isEqualTo("/" + pg.path("POSTGRES_DB").asText());
        assertThat(env.get("LIVEPIPE_DATABASE_USER")).isEqualTo(pg.path("POSTGRES_USER").asText());
        assertThat(env.get("LIVEPIPE_DATABASE_PASSWORD")).isEqualTo(pg.path("POSTGRES_PASSWORD").asText());
    }

    @Test
    void s3SettingsMatchTheMinioService() {
        URI endpoint = URI.create(env.get("LIVEPIPE_S3_ENDPOINT"));
        assertThat(endpoint.getHost()).isEqualTo("minio");
        assertThat(endpoint.getPort()).isEqualTo(9000);
        JsonNode minio = compose.at("/services/minio/environment");
        assertThat(env.get("LIVEPIPE_S3_ACCESS_KEY")).isEqualTo(minio.path("MINIO_ROOT_USER").asText());
        assertThat(env.get("LIVEPIPE_S3_SECRET_KEY")).isEqualTo(minio.path("MINIO_ROOT_PASSWORD").asText());
        assertThat(compose.at("/services/minio/command").asText()).contains("server /data");
    }
}
