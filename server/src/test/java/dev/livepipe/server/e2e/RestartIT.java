// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restart on the same data directory keeps streams, keys and the admin token; health says when ready. */
class RestartIT {

    @TempDir
    Path tmp;

    @Test
    void aRestartKeepsAllData() throws Exception {
        Path data = tmp.resolve("data");
        String token;
        String id;
        try (LivepipeProcess first = new LivepipeProcess(data, Map.of()).start()) {
            token = first.printedAdminToken();
            JsonObject created = new LivepipeApi(first.httpBase(), token).createStream("Survives restarts");
            id = created.getString("id");
            assertThat(first.logText()).doesNotContain(created.getString("streamKey"));
        }
        try (LivepipeProcess second = new LivepipeProcess(data, Map.of()).start()) {
            // The generated token is printed once only, and still works after the restart.
            assertThat(second.logText()).doesNotContain(token);
            JsonObject again = new LivepipeApi(second.httpBase(), token).stream(id);
            assertThat(again.getString("title")).isEqualTo("Survives restarts");
            assertThat(again.containsKey("streamKey")).isFalse();
            var health = new LivepipeApi(second.httpBase(), null).send("GET", "/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("ready");
        }
    }

    @Test
    void afterAKillTheNextStartRecovers() throws Exception {
        Path data = tmp.resolve("data");
        String id;
        try (LivepipeProcess first = new LivepipeProcess(data, Map.of("LIVEPIPE_ADMIN_TOKEN", "t0k3n")).start()) {
            id = new LivepipeApi(first.httpBase(), "t0k3n").createStream("Crash test").getString("id");
            first.kill();
        }
        try (LivepipeProcess second = new LivepipeProcess(data, Map.of("LIVEPIPE_ADMIN_TOKEN", "t0k3n")).start()) {
            assertThat(new LivepipeApi(second.httpBase(), "t0k3n").stream(id).getString("title")).isEqualTo("Crash test");
        }
    }
}
