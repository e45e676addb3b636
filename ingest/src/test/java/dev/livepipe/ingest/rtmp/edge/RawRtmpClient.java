// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0Object;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import dev.livepipe.ingest.rtmp.chunk.ChunkDecoder;
import dev.livepipe.ingest.rtmp.chunk.ChunkEncoder;
import dev.livepipe.ingest.rtmp.message.CommandAmf0;
import dev.livepipe.ingest.rtmp.message.MessageDecoder;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import dev.livepipe.ingest.rtmp.message.RtmpMessage;
import dev.livepipe.ingest.rtmp.message.SetChunkSize;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

/**
 * A deliberately simple, blocking RTMP client on a plain socket, for sending exactly the bytes a
 * test wants (well-formed or not) and watching how the server answers: which messages come back
 * and whether the server closes the connection.
 */
final class RawRtmpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final List<RtmpMessage> received = new ArrayList<>();
    private final ChunkDecoder decoder;

    RawRtmpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        decoder = new ChunkDecoder(16 << 20, 64, this::onMessage);
    }

    private void onMessage(RawMessage raw) {
        MessageDecoder.decode(raw).ifPresent(m -> {
            if (m instanceof SetChunkSize s) {
                decoder.setChunkSize(s.size());
            }
            received.add(m);
        });
    }

    /** The plain handshake: C0+C1, read S0+S1+S2, send C2 (echo of S1). */
    RawRtmpClient handshake() throws IOException {
        byte[] c1 = new byte[1536];
        new Random(1).nextBytes(c1);
        for (int i = 0; i < 8; i++) {
            c1[i] = 0;
        }
        out.write(3);
        out.write(c1);
        out.flush();
        byte[] s = in.readNBytes(1 + 1536 + 1536);
        if (s.length != 3073) {
            throw new IOException("server closed during the handshake");
        }
        out.write(s, 1, 1536);
        out.flush();
        return this;
    }

    /** Sends raw bytes. */
    RawRtmpClient send(Buffer bytes) throws IOException {
        out.write(bytes.getBytes());
        out.flush();
        return this;
    }

    /** Sends raw bytes. */
    RawRtmpClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends a message through the chunk encoder (128-byte chunks). */
    RawRtmpClient send(RawMessage message) throws IOException {
        return send(encoder.encode(message));
    }

    /** Sends a command on the given message stream. */
    RawRtmpClient command(int streamId, String name, double txn, Object object, Object... args)
            throws IOException {
        return send(CommandAmf0.of(streamId, name, txn, object, args).toRaw());
    }

    /** connect to {@code app} the way FFmpeg does. */
    RawRtmpClient connect(String app) throws IOException {
        return command(0, "connect", 1, Amf0Object.of("app", app, "type", "nonprivate",
                "flashVer", "FMLE/3.0 (compatible; RawRtmpClient)", "tcUrl", "rtmp://127.0.0.1/" + app));
    }

    /** connect, createStream and publish {@code key}; returns after the publish is sent. */
    RawRtmpClient publish(String app, String key) throws IOException {
        connect(app);
        command(0, "createStream", 2, null);
        return command(1, "publish", 3, null, key, "live");
    }

    /** Sends a data message (type 18). */
    RawRtmpClient data(int streamId, Object... values) throws IOException {
        return send(new RawMessage(3, 18, 0, streamId, Amf0Writer.encode(values)));
    }

    /**
     * Reads until a received message matches, the server closes, or the timeout passes.
     *
     * @return the matching message, or null
     */
    RtmpMessage awaitMessage(Predicate<RtmpMessage> match, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        int seen = 0;
        while (System.nanoTime() < deadline) {
            for (; seen < received.size(); seen++) {
                if (match.test(received.get(seen))) {
                    return received.get(seen);
                }
            }
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (SocketException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            try {
                decoder.feed(Buffer.buffer().appendBytes(buf, 0, n));
            } catch (RtmpProtocolException e) {
                throw new IOException("server sent malformed RTMP", e);
            }
        }
        return null;
    }

    /** Waits for an {@code onStatus} or {@code _result}/{@code _error} whose info has {@code code}. */
    boolean awaitStatus(String code, Duration timeout) throws IOException {
        return awaitMessage(m -> m instanceof CommandAmf0 c && c.arguments().stream()
                .anyMatch(a -> a instanceof Amf0Object o && o.string("code").orElse("").equals(code)),
                timeout) != null;
    }

    /** True if the server closes the connection within {@code timeout} (EOF or reset). */
    boolean awaitClosedByServer(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // connection reset
            }
        }
        return false;
    }

    /** Every message received so far. */
    List<RtmpMessage> received() {
        return received;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
