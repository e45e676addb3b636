// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.whip.transport.WebRtcTransportConfig;
import dev.livepipe.server.config.ServerConfig;
import dev.livepipe.storage.StorageConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every route the server registered: each one under {@code /api/} that is not public
 * answers 401 without credentials and 403 with a valid non-admin token, so a new admin route
 * cannot slip through unguarded. Runs the real server in-process with embedded storage.
 */
class AdminRoutesTest {

    private static final String ADMIN_TOKEN = "route-walk-admin-token";

    @TempDir
    static Path tmp;
    static Vertx vertx;
    static LivepipeServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ServerConfig config = ServerConfig.fromEnv(Map.of("LIVEPIPE_HTTP_HOST", "127.0.0.1",
                "LIVEPIPE_HTTP_PORT", "0", "LIVEPIPE_RTMP_PORT", "0", "LIVEPIPE_ADMIN_TOKEN", ADMIN_TOKEN));
        server = new LivepipeServer(vertx, config, StorageConfig.embedded(tmp.resolve("data")),
                WebRtcTransportConfig.loopbackForTests());
        server.start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every (method, concrete path) of a registered admin API route. */
    private static List<String[]> adminRoutes() {
        List<String[]> out = new ArrayList<>();
        for (Route r : server.routes()) {
            String path = r.getPath();
            if (path == null || !path.startsWith("/api/") || isPublic(path)) {
                continue;
            }
            String concrete = path.replaceAll(":[A-Za-z]+", "x").replace("*", "x");
            Set<HttpMethod> methods = r.methods() == null || r.methods().isEmpty() ? Set.of(HttpMethod.GET) : r.methods();
            for (HttpMethod m : methods) {
                out.add(new String[] {m.name(), concrete});
            }
        }
        return out;
    }

    private static boolean isPublic(String path) {
        return HttpRoutes.PUBLIC_API.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }

    @Test
    void everyAdminRouteNeedsAdminCredentials() throws Exception {
        List<String[]> routes = adminRoutes();
        assertThat(routes).as("the walk found the admin API").hasSizeGreaterThanOrEqualTo(6);
        HttpResponse<String> issued = send("POST", "/api/tokens", ADMIN_TOKEN,
                new JsonObject().put("name", "mod").put("role", "moderator").encode());
        assertThat(issued.statusCode()).isEqualTo(201);
        String moderator = new JsonObject(issued.body()).getString("token");
        for (String[] route : routes) {
            String what = route[0] + " " + route[1];
            assertThat(send(route[0], route[1], null, null).statusCode()).as(what + " anonymous").isEqualTo(401);
            assertThat(send(route[0], route[1], "not-a-token", null).statusCode()).as(what + " garbage").isEqualTo(401);
            assertThat(send(route[0], route[1], moderator, null).statusCode()).as(what + " moderator").isEqualTo(403);
        }
    }

    @Test
    void anAdminRoleTokenWorksLikeTheAdminToken() throws Exception {
        HttpResponse<String> issued = send("POST", "/api/tokens", ADMIN_TOKEN,
                new JsonObject().put("name", "ops").put("role", "admin").put("ttlSeconds", 60).encode());
        String admin = new JsonObject(issued.body()).getString("token");
        assertThat(send("GET", "/api/streams", admin, null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/tokens", ADMIN_TOKEN, "{\"name\":\"x\",\"role\":\"king\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void publicRoutesStayPublic() throws Exception {
        assertThat(send("GET", "/api/live", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/", null, null).statusCode()).isEqualTo(200);
    }
}
