// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Writes text frames to one socket without a flush per frame: a batch of fanned-out
 * messages costs one flush (one system call) per socket, and every socket's frame wraps
 * the same UTF-8 bytes ({@link Outgoing#utf8()}, never copied here or modified).
 *
 * <p>Vert.x's public {@code writeTextMessage} flushes every frame; at 10k sockets and 100
 * messages a second that is a million flushes a second. So, when the connection is a
 * Vert.x {@link ConnectionBase} (it is for Vert.x 5's HTTP/1.x server, also behind
 * vertx-web's request wrappers), this writes Netty {@link TextWebSocketFrame}s into the
 * socket's channel, where they pass the same WebSocket encoder (and compression, if
 * negotiated) as Vert.x's own frames. Otherwise it falls back to {@code writeTextMessage}.
 * All frames of a socket, welcome and replies included, go through one writer, so their
 * order is the order of the calls; close frames go through Vert.x after them.
 *
 * <p><b>Threading:</b> the socket's event loop only.
 */
final class FrameWriter {

    private final ServerWebSocket ws;
    private final Channel channel;
    private boolean unflushed;

    FrameWriter(ServerWebSocket ws, Channel channel) {
        this.ws = ws;
        this.channel = channel;
    }

    /** The request's Netty channel, or {@code null} when Vert.x does not expose one. */
    static Channel channelOf(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        return connection instanceof ConnectionBase base ? base.channel() : null;
    }

    /** Whether frames go straight to the channel (batched flushes). */
    boolean direct() {
        return channel != null;
    }

    /** Whether the socket's outbound buffer is above its high-water mark. */
    boolean full() {
        return channel != null ? !channel.isWritable() : ws.writeQueueFull();
    }

    /** Writes a frame; it leaves at the next {@link #flush()}. */
    void write(Outgoing message) {
        if (channel == null) {
            ws.writeTextMessage(message.text());
            return;
        }
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(message.utf8())), channel.voidPromise());
        unflushed = true;
    }

    /** Writes and flushes a frame for this socket alone (welcome, history, replies). */
    void send(String text) {
        if (channel == null) {
            ws.writeTextMessage(text);
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
        unflushed = false;
    }

    /** Writes and flushes an empty WebSocket ping (the peer answers with a pong). */
    void ping() {
        if (channel == null) {
            ws.writePing(Buffer.buffer());
            return;
        }
        channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
        unflushed = false;
    }

    void flush() {
        if (unflushed) {
            unflushed = false;
            channel.flush();
        }
    }
}
