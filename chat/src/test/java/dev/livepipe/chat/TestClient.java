// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A chat client for tests: records every message it receives and lets the test wait for
 * the next one of a type. Thread-safe.
 */
final class TestClient {

    private static final long WAIT_MILLIS = 5_000;

    private final List<JsonObject> unread = new ArrayList<>();
    private final List<JsonObject> all = new ArrayList<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();
    private volatile WebSocket ws;
    /** How many {@code batch} frames arrived (their messages are unpacked in order). */
    int batches;

    void attach(WebSocket socket) {
        ws = socket;
        socket.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            synchronized (this) {
                if ("batch".equals(frame.getString("type"))) {
                    batches++;
                    for (Object m : frame.getJsonArray("messages")) {
                        unread.add((JsonObject) m);
                        all.add((JsonObject) m);
                    }
                } else {
                    unread.add(frame);
                    all.add(frame);
                }
                notifyAll();
            }
        });
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    String subProtocol() {
        return ws.subProtocol();
    }

    /** The handshake response's {@code Sec-WebSocket-Extensions}, or null. */
    String extensions() {
        return ws.headers() == null ? null : ws.headers().get("Sec-WebSocket-Extensions");
    }

    void send(JsonObject message) {
        TestChatServer.await(ws.writeTextMessage(message.encode()));
    }

    /** Sends without waiting for the write (it may fail once the server closed the socket). */
    void sendAndForget(JsonObject message) {
        ws.writeTextMessage(message.encode());
    }

    void sendText(String text) {
        TestChatServer.await(ws.writeTextMessage(text));
    }

    JsonObject say(String text) {
        send(new JsonObject().put("type", "chat.send").put("text", text));
        return next("chat.message");
    }

    /** The next unread message of this type (others stay unread); fails after 5 s. */
    synchronized JsonObject next(String type) {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            for (int i = 0; i < unread.size(); i++) {
                if (type.equals(unread.get(i).getString("type"))) {
                    return unread.remove(i);
                }
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("no " + type + " within " + WAIT_MILLIS + " ms; received " + all);
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Unread messages of a type, consumed. */
    synchronized List<JsonObject> drain(String type) {
        List<JsonObject> found = new ArrayList<>();
        unread.removeIf(m -> {
            if (type.equals(m.getString("type"))) {
                found.add(m);
                return true;
            }
            return false;
        });
        return found;
    }

    /** Everything received so far, in order. */
    synchronized List<JsonObject> all() {
        return List.copyOf(all);
    }

    /** The close code the server sent; fails when the socket stays open for 5 s. */
    short awaitClose() {
        try {
            return closed.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the socket did not close", e);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Round trip: proves the connection is open and every earlier reply has arrived. */
    void ping() {
        send(new JsonObject().put("type", "ping"));
        next("pong");
    }

    void close() {
        ws.close();
    }
}
