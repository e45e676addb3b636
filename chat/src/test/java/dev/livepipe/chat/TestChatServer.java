// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real Vert.x HTTP server with {@link ChatService#accept} mounted on a plain Router, and
 * real Vert.x WebSocket clients. Identity comes from a test-only header
 * {@value #USER_HEADER}: {@code id;name;role}.
 */
final class TestChatServer implements AutoCloseable {

    static final String USER_HEADER = "X-Test-User";

    final Vertx vertx;
    final ChatService chat;
    final Database database;
    final Map<String, StreamState> states = new ConcurrentHashMap<>();
    /**
     * Runs when a room opens, with the stream id: after the socket's admission check and
     * upgrade, before it joins the room (on the event loop).
     */
    volatile java.util.function.Consumer<String> onRoomOpen = id -> { };
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final List<HttpServer> servers = new java.util.ArrayList<>();
    private final WebSocketClient client;
    private final int port;

    TestChatServer(Database database, ChatConfig config, int maxFrameSize) {
        this(database, config, maxFrameSize, 1);
    }

    /**
     * @param instances HTTP server instances sharing the port; Vert.x gives each its own
     *                  event loop and spreads connections over them round-robin
     */
    TestChatServer(Database database, ChatConfig config, int maxFrameSize, int instances) {
        this.database = database;
        this.vertx = Vertx.vertx();
        this.chat = new ChatService(vertx, config, database, blocking,
                id -> {
                    onRoomOpen.accept(id);
                    return states.getOrDefault(id, StreamState.OFFLINE);
                }, Clock.systemUTC());
        Router router = Router.router(vertx);
        router.route("/ws/streams/:streamId").handler(ctx -> {
            String[] who = ctx.request().getHeader(USER_HEADER).split(";", 3);
            chat.accept(ctx.request(), ctx.pathParam("streamId"), new ChatUser(who[0], who[1], who[2]));
        });
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(instances == 1 ? 0 : freePort())
                .setWebSocketSubProtocols(List.of(ChatService.SUBPROTOCOL))
                .setMaxWebSocketFrameSize(maxFrameSize).setMaxWebSocketMessageSize(maxFrameSize);
        // One verticle instance per server: each gets its own event loop; they share the port.
        List<HttpServer> started = java.util.Collections.synchronizedList(servers);
        await(vertx.deployVerticle(() -> new io.vertx.core.VerticleBase() {
            @Override
            public io.vertx.core.Future<?> start() {
                return vertx.createHttpServer(options).requestHandler(router).listen().onSuccess(started::add);
            }
        }, new io.vertx.core.DeploymentOptions().setInstances(instances)));
        this.port = servers.getFirst().actualPort();
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
    }

    TestChatServer(Database database, ChatConfig config) {
        this(database, config, 4096);
    }

    /** Creates a stream in the database. */
    String newStream() {
        return new StreamRepository(database.dsl(), Clock.systemUTC()).create("chat test").stream().id();
    }

    /** Starts a broadcast of the stream in the database and makes it the stream's state. */
    UUID goLive(String streamId) {
        UUID broadcastId = UUID.randomUUID();
        new BroadcastRepository(database.dsl()).start(broadcastId, streamId, Instant.now(), null);
        states.put(streamId, new StreamState("live", broadcastId.toString()));
        return broadcastId;
    }

    /** The HTTP port (loopback). */
    int port() {
        return port;
    }

    TestClient connect(String streamId, String userId, String name, String role) {
        return connect(streamId, userId, name, role, null);
    }

    TestClient connect(String streamId, String userId, String name, String role, Long since) {
        TestClient test = new TestClient();
        await(client.connect(options(streamId, userId, name, role, since)).map(ws -> {
            test.attach(ws);
            return ws;
        }));
        return test;
    }

    /**
     * Connects with a client that offers permessage-deflate, as browsers do; this test server
     * accepts it (Vert.x's default), unlike Livepipe's, so the compressed path is exercised.
     */
    TestClient connectCompressed(String streamId, String userId, String name, String role) {
        WebSocketClient deflating = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20).setTryUsePerMessageCompression(true));
        TestClient test = new TestClient();
        await(deflating.connect(options(streamId, userId, name, role, null)).map(ws -> {
            test.attach(ws);
            return ws;
        }));
        return test;
    }

    /** Connects expecting a refusal; returns the HTTP status. */
    int refusedStatus(String streamId, String userId, String name, String role) {
        try {
            client.connect(options(streamId, userId, name, role, null)).toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).close();
            throw new AssertionError("the connection was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void publish(String address, JsonObject body) {
        vertx.eventBus().publish(address, body);
    }

    WebSocketConnectOptions connectOptions(String streamId, String userId, String name, String role) {
        return options(streamId, userId, name, role, null);
    }

    private WebSocketConnectOptions options(String streamId, String userId, String name, String role, Long since) {
        return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/ws/streams/" + streamId + (since == null ? "" : "?since=" + since))
                .addSubProtocol(ChatService.SUBPROTOCOL)
                .putHeader(USER_HEADER, userId + ";" + name + ";" + role);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static <T> T await(io.vertx.core.Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        await(chat.stop());
        await(client.close());
        await(vertx.close());
        blocking.close();
    }
}
