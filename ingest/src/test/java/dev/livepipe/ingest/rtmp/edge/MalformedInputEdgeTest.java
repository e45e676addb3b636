// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.rtmp.RtmpServerConfig;
import dev.livepipe.ingest.rtmp.amf0.Amf0Object;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import dev.livepipe.ingest.rtmp.message.CommandAmf0;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import dev.livepipe.testkit.FfmpegPublisher;
import dev.livepipe.testkit.SyntheticStream;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and broken clients, each on its own raw socket, while FFmpeg publishes a good stream
 * to the same server: every bad connection is closed alone, and the good stream keeps
 * delivering access units without a reconnect.
 */
@Timeout(120)
class MalformedInputEdgeTest {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    private static EdgeFixture edge;
    private static FfmpegPublisher good;
    private int unitsBefore;

    @BeforeAll
    static void startGoodStream() throws Exception {
        RtmpServerConfig config = RtmpServerConfig.defaults()
                .withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(3));
        edge = new EdgeFixture(Map.of("good-key", "stream-good", "second-key", "stream-second"), config);
        good = FfmpegPublisher.synthetic(edge.url("good-key"),
                SyntheticStream.defaults(Duration.ofSeconds(60)).withSize(320, 180)).start();
        assertThat(edge.hub.awaitUnits("stream-good", 30, Duration.ofSeconds(15))).isTrue();
    }

    @AfterAll
    static void stopGoodStream() throws Exception {
        try {
            assertThat(good.failure()).isEmpty();
            assertThat(edge.hub.seen("stream-good").sessions).as("the good stream never reconnected").hasSize(1);
        } finally {
            good.close();
            edge.close();
        }
    }

    @BeforeEach
    void countGoodUnits() {
        unitsBefore = edge.hub.seen("stream-good").units.size();
    }

    @AfterEach
    void goodStreamStillFlows() throws Exception {
        assertThat(good.isRunning()).isTrue();
        assertThat(edge.hub.awaitUnits("stream-good", unitsBefore + 15, Duration.ofSeconds(5)))
                .as("the good stream keeps delivering").isTrue();
    }

    private static RawRtmpClient client() throws Exception {
        return new RawRtmpClient(edge.port());
    }

    private static RawMessage control(int type, Buffer payload) {
        return new RawMessage(2, type, 0, 0, payload);
    }

    @Test
    void stalledHandshakeIsClosedAfterTheTimeout() throws Exception {
        try (RawRtmpClient c = client()) {
            c.send(Buffer.buffer().appendByte((byte) 3).appendBytes(new byte[100]));
            long t0 = System.nanoTime();
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(1000));
        }
    }

    @Test
    void silentConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.connect("live");
            assertThat(c.awaitStatus("NetConnection.Connect.Success", CLOSE_WITHIN)).isTrue();
            long t0 = System.nanoTime();
            assertThat(c.awaitClosedByServer(Duration.ofSeconds(8))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(2500));
        }
    }

    @Test
    void truncatedHandshakeFromAClientThatHangsUpIsCleanedUp() throws Exception {
        try (RawRtmpClient c = client()) {
            c.send(Buffer.buffer().appendByte((byte) 3).appendBytes(new byte[700]));
        }
        long deadline = System.nanoTime() + CLOSE_WITHIN.toNanos();
        while (edge.server.connectionCount() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(edge.server.connectionCount()).isEqualTo(1); // only the good publisher
    }

    @Test
    void wrongVersionInC0() throws Exception {
        try (RawRtmpClient c = client()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void garbageAfterTheHandshake() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            byte[] garbage = new byte[64];
            java.util.Arrays.fill(garbage, (byte) 0xFF); // type 3 chunks on a chunk stream never started
            c.send(garbage);
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void chunkSizeZero() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.send(control(1, Buffer.buffer().appendInt(0)));
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void chunkSizeAbove16MiBOrWithBit31() throws Exception {
        for (int size : new int[] {0x0100_0000, 0x8000_1000}) {
            try (RawRtmpClient c = client().handshake()) {
                c.send(control(1, Buffer.buffer().appendInt(size)));
                assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).as("chunk size 0x%08x", size).isTrue();
            }
        }
    }

    @Test
    void messageLongerThanTheLimitIsRefusedBeforeItsPayload() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            // type 0 header announcing a 16 MiB - 1 video message; no payload follows
            c.send(HexFormat.of().parseHex("06" + "000000" + "ffffff" + "09" + "01000000"));
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void unknownMessageTypesAreIgnored() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.send(new RawMessage(3, 0x7F, 0, 0, Buffer.buffer("whatever")));
            c.send(new RawMessage(3, 22, 0, 1, Buffer.buffer(new byte[40]))); // aggregate
            c.send(new RawMessage(3, 19, 0, 0, Buffer.buffer(new byte[10]))); // shared object
            c.connect("live");
            assertThat(c.awaitStatus("NetConnection.Connect.Success", CLOSE_WITHIN)).isTrue();
            assertThat(c.awaitClosedByServer(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void amf0WithABogusMarker() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            Buffer p = Amf0Writer.encode("connect", 1.0).appendBytes(new byte[] {0x07, 0x00, 0x01});
            c.send(new RawMessage(3, 20, 0, 0, p));
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void amf0WithLengthsPastTheEnd() throws Exception {
        for (String hex : new String[] {"0200ff636f6e", "0200076c6f6e6e656374003ff00000000000000cffffffff"}) {
            try (RawRtmpClient c = client().handshake()) {
                c.send(new RawMessage(3, 20, 0, 0, Buffer.buffer(HexFormat.of().parseHex(hex))));
                assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).as(hex).isTrue();
            }
        }
    }

    @Test
    void commandBeforeConnect() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.command(0, "createStream", 2, null);
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void badKeyGetsBadNameAndIsClosed() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.publish("live", "not-a-key");
            assertThat(c.awaitStatus("NetStream.Publish.BadName", CLOSE_WITHIN)).isTrue();
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
        assertThat(edge.hub.started()).containsOnly("stream-good");
    }

    @Test
    void playIsRefused() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.connect("live");
            c.command(0, "createStream", 2, null);
            c.command(1, "play", 3, null, "good-key");
            assertThat(c.awaitStatus("NetStream.Play.Failed", CLOSE_WITHIN)).isTrue();
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void invalidAvcConfigurationClosesThePublisher() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.publish("live", "second-key");
            assertThat(c.awaitStatus("NetStream.Publish.Start", CLOSE_WITHIN)).isTrue();
            // AVC sequence header whose avcC has zero SPS
            byte[] body = HexFormat.of().parseHex("1700000000" + "0164001fffe000");
            c.send(new RawMessage(6, 9, 0, 1, Buffer.buffer(body)));
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
        assertThat(edge.hub.started()).doesNotContain("stream-second");
        assertThat(edge.broadcasts.current("stream-second")).isEmpty();
    }

    @Test
    void truncatedVideoTagClosesThePublisher() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.publish("live", "second-key");
            assertThat(c.awaitStatus("NetStream.Publish.Start", CLOSE_WITHIN)).isTrue();
            c.send(new RawMessage(6, 9, 0, 1, Buffer.buffer(new byte[] {0x17, 1})));
            assertThat(c.awaitClosedByServer(CLOSE_WITHIN)).isTrue();
        }
    }

    @Test
    void aWellBehavedRawClientIsNotClosed() throws Exception {
        try (RawRtmpClient c = client().handshake()) {
            c.connect("live");
            assertThat(c.awaitStatus("NetConnection.Connect.Success", CLOSE_WITHIN)).isTrue();
            c.command(0, "createStream", 2, null);
            assertThat(c.awaitMessage(m -> m instanceof CommandAmf0 r && r.name().equals("_result")
                    && r.transactionId() == 2 && Double.valueOf(1).equals(r.arguments().get(0)), CLOSE_WITHIN))
                    .isNotNull();
            c.command(0, "_checkbw", 3, Amf0Object.of());
            assertThat(c.awaitClosedByServer(Duration.ofMillis(300))).isFalse();
        }
    }
}
