// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.streams.StreamIds;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat, reactions and presence WebSocket of docs/chat-protocol.md
 * ({@code /ws/streams/{streamId}}, subprotocol {@code livepipe.chat.v1}).
 *
 * <p>The caller authenticates the user and calls {@link #accept}; this service refuses
 * unknown streams (404), banned users (403) and addresses with too many sockets (429)
 * before the upgrade, then runs the protocol. Each stream has one {@link ChatRoom} per node
 * while it has sockets here; rooms talk to each other only through the event bus addresses
 * of {@link ChatAddresses}, so several nodes with a clustered event bus behave as one.
 *
 * <p>The HTTP server must select the subprotocol and bound frames:
 * {@code HttpServerOptions.setWebSocketSubProtocols(List.of("livepipe.chat.v1"))},
 * {@code setMaxWebSocketFrameSize(4096)}, {@code setMaxWebSocketMessageSize(4096)}.
 *
 * <p><b>Threading:</b> {@link #accept} runs on an event loop (the request's); every
 * database call runs on the {@code blocking} executor and continues on the socket's event
 * loop; nothing here blocks an event loop. {@link #sockets} and {@link #describe} may be
 * called from any thread. <b>Ownership:</b> the service owns the sockets it upgraded and
 * closes them in {@link #stop}; the caller owns the Vert.x instance, the database and the
 * executor.
 */
public final class ChatService {

    private static final Logger LOG = LoggerFactory.getLogger(ChatService.class);
    /** The subprotocol of protocol version 1. */
    public static final String SUBPROTOCOL = "livepipe.chat.v1";

    private final Vertx vertx;
    private final ChatConfig config;
    private final ChatStore store;
    private final Function<String, StreamState> currentState;
    private final Clock clock;
    private final ConnectionLimiter limiter;
    private final ConcurrentHashMap<String, ChatRoom> rooms = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    /**
     * @param database     a started database (repositories are built from {@code database.dsl()})
     * @param blocking     runs JDBC work (worker or virtual threads)
     * @param currentState the stream's state when a room opens; called on an event loop, so it
     *                     must not block; later changes arrive on
     *                     {@code livepipe.stream.status.{streamId}}
     * @param clock        message times, timeouts and limits
     */
    public ChatService(Vertx vertx, ChatConfig config, Database database, Executor blocking,
            Function<String, StreamState> currentState, Clock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.currentState = Objects.requireNonNull(currentState, "currentState");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new ChatStore(vertx, Objects.requireNonNull(database, "database"),
                Objects.requireNonNull(blocking, "blocking"), clock);
        this.limiter = new ConnectionLimiter(config.maxConnectionsPerAddress());
    }

    /**
     * Upgrades the request to the chat WebSocket for {@code streamId} as {@code user}, or
     * answers it with 403 (banned) / 404 (unknown stream) / 429 (too many connections from
     * the address) / 400 (not a WebSocket upgrade) / 503 (stopping or database
     * unavailable), each with a JSON body {@code {"error": …}}. The query parameter
     * {@code since} (a message id) asks for the messages missed since then; a malformed value
     * is ignored. Called on the event loop after the caller has authenticated the user.
     */
    public void accept(HttpServerRequest request, String streamId, ChatUser user) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(user, "user");
        if (stopped) {
            refuse(request, 503, "chat is stopping");
            return;
        }
        if (!request.canUpgradeToWebSocket()) {
            refuse(request, 400, "expected a WebSocket upgrade");
            return;
        }
        if (!StreamIds.isWellFormed(streamId)) {
            refuse(request, 404, "unknown stream");
            return;
        }
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        if (!limiter.tryAcquire(address)) {
            refuse(request, 429, "too many connections from this address");
            return;
        }
        Long since = parseSince(request.getParam("since"));
        io.netty.channel.Channel channel = FrameWriter.channelOf(request);
        request.pause();
        store.admit(streamId, user.id()).onComplete(admission -> {
            if (admission.failed() || stopped) {
                limiter.release(address);
                if (admission.failed()) {
                    LOG.warn("stream {} {}: chat admission failed: {}", streamId, address,
                            admission.cause().toString());
                }
                refuse(request, 503, "chat is unavailable");
                return;
            }
            switch (admission.result()) {
                case UNKNOWN_STREAM -> {
                    limiter.release(address);
                    refuse(request, 404, "unknown stream");
                }
                case BANNED -> {
                    limiter.release(address);
                    refuse(request, 403, "banned");
                }
                case OK -> request.toWebSocket().onComplete(upgraded -> {
                    if (upgraded.failed()) {
                        limiter.release(address);
                        LOG.debug("stream {} {}: upgrade failed: {}", streamId, address, upgraded.cause().toString());
                        return;
                    }
                    ChatRoom room = acquire(streamId);
                    new ChatConnection(this, room, user, upgraded.result(), channel, address).start(since);
                });
            }
        });
    }

    /** This node's sockets for the stream (joining ones included). */
    public int sockets(String streamId) {
        ChatRoom room = rooms.get(streamId);
        return room == null ? 0 : room.sockets();
    }

    /** This node's chat sockets. */
    public int sockets() {
        int total = 0;
        for (ChatRoom room : rooms.values()) {
            total += room.sockets();
        }
        return total;
    }

    /** A snapshot for the admin API: rooms with their sockets and state. */
    public JsonObject describe() {
        JsonArray list = new JsonArray();
        rooms.values().forEach(room -> list.add(room.describe()));
        return new JsonObject().put("sockets", sockets()).put("rooms", list).put("stopped", stopped);
    }

    /**
     * Refuses new sockets and closes every open one with 1001.
     *
     * @return completes when the close frames were written
     */
    public Future<Void> stop() {
        stopped = true;
        List<Future<Void>> closing = new ArrayList<>();
        for (ChatRoom room : rooms.values()) {
            for (ChatConnection connection : room.connections()) {
                closing.add(connection.close(ChatConnection.GOING_AWAY, "server stopping")
                        .otherwise((Void) null));
            }
        }
        return Future.join(closing).mapEmpty();
    }

    Vertx vertx() {
        return vertx;
    }

    ChatConfig config() {
        return config;
    }

    ChatStore store() {
        return store;
    }

    Clock clock() {
        return clock;
    }

    /** A socket closed: give back its address slot and its room reference. */
    void closed(ChatConnection connection, ChatRoom room, String address) {
        limiter.release(address);
        rooms.computeIfPresent(room.streamId, (id, current) -> {
            if (current != room) {
                return current;
            }
            if (--current.members == 0) {
                current.close();
                return null;
            }
            return current;
        });
    }

    private ChatRoom acquire(String streamId) {
        return rooms.compute(streamId, (id, room) -> {
            ChatRoom current = room;
            if (current == null) {
                StreamState state = Objects.requireNonNullElse(currentState.apply(id), StreamState.OFFLINE);
                current = new ChatRoom(vertx, config, store, clock, id, state);
            }
            current.members++;
            return current;
        });
    }

    private static Long parseSince(String value) {
        if (value == null || value.isEmpty() || value.length() > 19) {
            return null;
        }
        try {
            long since = Long.parseLong(value);
            return since >= 0 ? since : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void refuse(HttpServerRequest request, int status, String error) {
        request.resume();
        request.response().setStatusCode(status).putHeader("content-type", "application/json")
                .end(new JsonObject().put("error", error).encode());
    }
}
