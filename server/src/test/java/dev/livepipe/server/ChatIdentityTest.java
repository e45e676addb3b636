// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.whip.transport.WebRtcTransportConfig;
import dev.livepipe.server.config.ServerConfig;
import dev.livepipe.storage.StorageConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a chat socket belongs to, through the real server in-process with embedded storage and
 * real WebSocket clients: guests keep their name through the signed cookie the watch page sets
 * and cannot forge another's; the admin token (offered as the {@code bearer.} subprotocol) acts
 * as moderator; viewer tokens carry their name and role and only open their own stream's chat;
 * bad credentials are refused before the upgrade. Also the viewer-token API's validation, and
 * that the chat socket declines the compression browsers offer (docs/chat-protocol.md, "Limits").
 */
class ChatIdentityTest {

    private static final String ADMIN_TOKEN = "chat-identity-admin-token";

    @TempDir
    static Path tmp;
    static Vertx vertx;
    static LivepipeServer server;
    static WebSocketClient ws;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        ServerConfig config = ServerConfig.fromEnv(Map.of("LIVEPIPE_HTTP_HOST", "127.0.0.1",
                "LIVEPIPE_HTTP_PORT", "0", "LIVEPIPE_RTMP_PORT", "0", "LIVEPIPE_ADMIN_TOKEN", ADMIN_TOKEN,
                "LIVEPIPE_RECORDING", "off"));
        server = new LivepipeServer(vertx, config, StorageConfig.embedded(tmp.resolve("data")),
                WebRtcTransportConfig.loopbackForTests());
        server.start().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        ws = vertx.createWebSocketClient();
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

    private static String createStream() throws Exception {
        HttpResponse<String> r = send("POST", "/api/streams", ADMIN_TOKEN, new JsonObject().put("title", "chat").encode());
        assertThat(r.statusCode()).isEqualTo(201);
        return new JsonObject(r.body()).getString("id");
    }

    private static String viewerToken(String streamId, String name, String role) throws Exception {
        HttpResponse<String> r = send("POST", "/api/streams/" + streamId + "/viewer-tokens", ADMIN_TOKEN,
                new JsonObject().put("name", name).put("role", role).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return new JsonObject(r.body()).getString("token");
    }

    /** Connects and returns the socket's first message (welcome) and the negotiated subprotocol. */
    private static JsonObject welcome(WebSocketConnectOptions options) throws Exception {
        CompletableFuture<JsonObject> first = new CompletableFuture<>();
        Future<WebSocket> f = ws.connect(options.setHost("127.0.0.1").setPort(server.httpPort()));
        WebSocket socket = f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        socket.textMessageHandler(t -> first.complete(new JsonObject(t)));
        JsonObject w = first.get(10, TimeUnit.SECONDS).put("_subprotocol", socket.subProtocol());
        socket.close();
        return w;
    }

    private static WebSocketConnectOptions to(String streamId) {
        return new WebSocketConnectOptions().setURI("/ws/streams/" + streamId).addSubProtocol("livepipe.chat.v1");
    }

    private static int refusedStatus(WebSocketConnectOptions options) throws Exception {
        try {
            ws.connect(options.setHost("127.0.0.1").setPort(server.httpPort()))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).close();
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UpgradeRejectedException.class);
            return ((UpgradeRejectedException) e.getCause()).getStatus();
        }
    }

    @Test
    void guestsKeepTheirNameThroughTheSignedCookieAndCannotForgeOne() throws Exception {
        String id = createStream();
        HttpResponse<String> page = send("GET", "/watch/" + id, null, null);
        String setCookie = page.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("livepipe_guest=").containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        JsonObject a = welcome(to(id).addHeader("Cookie", cookie));
        JsonObject b = welcome(to(id).addHeader("Cookie", cookie));
        assertThat(a.getString("type")).isEqualTo("welcome");
        assertThat(a.getString("_subprotocol")).isEqualTo("livepipe.chat.v1");
        JsonObject user = a.getJsonObject("user");
        assertThat(user.getString("role")).isEqualTo("viewer");
        assertThat(user.getString("id")).startsWith("guest:");
        assertThat(user.getString("name")).matches("[A-Z][a-z]+ [A-Z][a-z]+ \\d{4}");
        assertThat(b.getJsonObject("user")).isEqualTo(user);

        // A forged cookie (someone else's id, wrong signature) is not that guest.
        String guestId = user.getString("id").substring("guest:".length());
        JsonObject forged = welcome(to(id).addHeader("Cookie", "livepipe_guest=" + guestId + ".AAAAAAAAAAAAAAAAAAAAAA"));
        assertThat(forged.getJsonObject("user").getString("id")).isNotEqualTo(user.getString("id"));
        // No cookie at all: a one-off guest.
        JsonObject anonymous = welcome(to(id));
        assertThat(anonymous.getJsonObject("user").getString("id")).startsWith("guest:").isNotEqualTo(user.getString("id"));
        // The watch page does not replace a valid cookie.
        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/watch/" + id)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void theAdminTokenAndViewerTokensCarryTheirRoles() throws Exception {
        String id = createStream();
        JsonObject admin = welcome(to(id).addSubProtocol("bearer." + ADMIN_TOKEN));
        assertThat(admin.getString("_subprotocol")).isEqualTo("livepipe.chat.v1");
        assertThat(admin.getJsonObject("user").getString("role")).isEqualTo("moderator");
        assertThat(admin.getJsonObject("user").getString("id")).isEqualTo("admin");

        String mod = viewerToken(id, "Mo", "moderator");
        JsonObject moderator = welcome(to(id).addHeader("Authorization", "Bearer " + mod));
        assertThat(moderator.getJsonObject("user").getString("name")).isEqualTo("Mo");
        assertThat(moderator.getJsonObject("user").getString("role")).isEqualTo("moderator");
        assertThat(moderator.getJsonObject("user").getString("id")).startsWith("user:");

        // Two tokens with the same name are two users.
        String v1 = viewerToken(id, "Sam", "viewer");
        String v2 = viewerToken(id, "Sam", "viewer");
        JsonObject sam1 = welcome(to(id).addSubProtocol("bearer." + v1));
        JsonObject sam2 = welcome(to(id).addSubProtocol("bearer." + v2));
        assertThat(sam1.getJsonObject("user").getString("role")).isEqualTo("viewer");
        assertThat(sam1.getJsonObject("user").getString("id")).isNotEqualTo(sam2.getJsonObject("user").getString("id"));
    }

    @Test
    void badCredentialsAndOtherStreamsTokensAreRefusedBeforeTheUpgrade() throws Exception {
        String id = createStream();
        String other = createStream();
        String token = viewerToken(other, "Elsewhere", "viewer");
        assertThat(refusedStatus(to(id).addSubProtocol("bearer." + token))).isEqualTo(403);
        assertThat(refusedStatus(to(id).addSubProtocol("bearer.not-a-token"))).isEqualTo(401);
        assertThat(refusedStatus(to(id).addHeader("Authorization", "Bearer garbage"))).isEqualTo(401);
        assertThat(refusedStatus(to("no-such-stream"))).isEqualTo(404);
        // A plain GET is not an upgrade.
        assertThat(send("GET", "/ws/streams/" + id, null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void compressionOfferedLikeABrowserIsDeclined() throws Exception {
        String id = createStream();
        WebSocketClient deflating = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions()
                .setTryUsePerMessageCompression(true).setTryUsePerFrameCompression(true));
        try {
            WebSocket socket = deflating.connect(to(id).setHost("127.0.0.1").setPort(server.httpPort()))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            CompletableFuture<JsonObject> first = new CompletableFuture<>();
            socket.textMessageHandler(t -> first.complete(new JsonObject(t)));
            assertThat(first.get(10, TimeUnit.SECONDS).getString("type")).isEqualTo("welcome");
            assertThat(socket.headers().get("Sec-WebSocket-Extensions")).isNull();
            socket.close();
        } finally {
            deflating.close();
        }
    }

    @Test
    void viewerTokenApiValidates() throws Exception {
        String id = createStream();
        assertThat(send("POST", "/api/streams/" + id + "/viewer-tokens", ADMIN_TOKEN,
                "{\"name\":\"x\",\"role\":\"admin\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/streams/" + id + "/viewer-tokens", ADMIN_TOKEN,
                "{\"name\":\"\",\"role\":\"viewer\"}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/streams/" + id + "/viewer-tokens", ADMIN_TOKEN,
                "{\"name\":\"x\",\"ttlSeconds\":0}").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/streams/nope/viewer-tokens", ADMIN_TOKEN,
                "{\"name\":\"x\"}").statusCode()).isEqualTo(404);
        assertThat(send("POST", "/api/streams/" + id + "/viewer-tokens", null,
                "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
    }
}
