// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad RTMP input against the whole service: each bad connection is closed by the server while
 * a good broadcast, published at the same time, keeps producing segments.
 */
class MalformedRtmpIT {

    @TempDir
    static Path tmp;
    static LivepipeProcess server;
    static LivepipeApi api;

    @BeforeAll
    static void start() throws Exception {
        server = new LivepipeProcess(tmp.resolve("data"), Map.of("LIVEPIPE_ADMIN_TOKEN", "malformed-test")).start();
        api = new LivepipeApi(server.httpBase(), "malformed-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void badConnectionsAreClosedAndTheGoodStreamGoesOn() throws Exception {
        JsonObject stream = api.createStream("Resilient");
        String url = stream.getString("rtmpUrl") + "/" + stream.getString("streamKey");
        try (FfmpegPublisher good = FfmpegPublisher.synthetic(url, SyntheticStream.defaults(Duration.ofSeconds(30)))
                .start()) {
            String mediaUrl = LiveHls.awaitMediaPlaylist(stream.getString("hlsUrl"), Duration.ofSeconds(20));
            long before = lastSequence(LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(20),
                    p -> !p.segments().isEmpty()));

            assertClosedByServer("truncated handshake", new byte[] {3, 1, 2, 3});
            assertClosedByServer("wrong RTMP version", concat(new byte[] {(byte) 0xff}, random(1536)));
            assertClosedAfterHandshake("garbage after the handshake", random(64 * 1024));
            assertClosedAfterHandshake("chunk size 0", setChunkSize(0));
            assertClosedAfterHandshake("chunk size above 16 MiB", setChunkSize(0x7fffffff));
            assertClosedAfterHandshake("message length above the limit",
                    new byte[] {3, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 20, 0, 0, 0, 0, 1, 2, 3});

            HlsChecker.MediaPlaylistInfo after = LiveHls.awaitPlaylist(mediaUrl, Duration.ofSeconds(20),
                    p -> lastSequence(p) >= before + 2);
            assertThat(after.violations()).isEmpty();
            assertThat(good.failure()).isEmpty();
            assertThat(good.isRunning()).isTrue();
            assertThat(api.send("GET", "/health", null).statusCode()).isEqualTo(200);
        }
    }

    private static long lastSequence(HlsChecker.MediaPlaylistInfo p) {
        return p.segments().isEmpty() ? -1 : p.segments().get(p.segments().size() - 1).sequence();
    }

    /** Sends {@code raw} on a fresh connection and expects the server to close it. */
    private static void assertClosedByServer(String what, byte[] raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rtmpPort())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(raw);
            assertThat(readsToEnd(s.getInputStream())).as(what + ": server closes the connection").isTrue();
        }
    }

    /** Completes a plain handshake, sends {@code afterHandshake}, and expects the server to close. */
    private static void assertClosedAfterHandshake(String what, byte[] afterHandshake) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.rtmpPort())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] c1 = new byte[1536];
            out.write(3);
            out.write(c1);
            byte[] reply = in.readNBytes(1 + 1536 + 1536);
            assertThat(reply).as(what + ": S0+S1+S2").hasSize(3073);
            out.write(java.util.Arrays.copyOfRange(reply, 1, 1537)); // C2 echoes S1
            try {
                out.write(afterHandshake);
            } catch (IOException closedWhileWriting) {
                return; // the server already hung up: that is the expected outcome
            }
            assertThat(readsToEnd(in)).as(what + ": server closes the connection").isTrue();
        }
    }

    private static boolean readsToEnd(InputStream in) {
        byte[] buf = new byte[8192];
        try {
            while (true) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** A Set Chunk Size message on chunk stream 2 (RTMP 5.4.1). */
    private static byte[] setChunkSize(int size) {
        return new byte[] {2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0,
            (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size};
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
