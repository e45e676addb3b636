// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ICE-TCP (RFC 6544 passive candidates, RFC 4571 framing) on 127.0.0.1: a peer that can only
 * use TCP ({@link TestTcpPeer}) connects to the shared TCP port, DTLS and SRTP run over it; UDP
 * peers keep working on the same service; garbage on the TCP port does not hurt a live session;
 * nothing (sessions, threads) is left after close.
 */
class WhipTransportIceTcpTest {
    private static WebRtcTransports transports;
    private static int tcpPort;

    @BeforeAll
    static void start() throws Exception {
        tcpPort = freeTcpPort();
        WebRtcTransportConfig cfg = WebRtcTransportConfig.loopbackForTests()
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4))
                .withPublicAddresses(Map.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("192.0.2.10")))
                .withIceTcpPort(tcpPort);
        transports = new WebRtcTransports(cfg);
        transports.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        transports.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private record Connected(TestTcpPeer peer, WhipTransport transport, RecordingListener listener) { }

    private static Connected connectTcp() throws Exception {
        TestTcpPeer peer = new TestTcpPeer();
        RecordingListener l = new RecordingListener();
        WhipTransport t = transports.open(peer.iceParameters(), DtlsSetup.ACTPASS, peer.fingerprint(), l);
        try {
            peer.connect(t.localUfrag(), t.localPassword(), t.localCandidates(),
                    Fingerprint.parse("sha-256 " + transports.fingerprintSha256()), Duration.ofSeconds(5));
            assertThat(l.connected.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (Exception | AssertionError e) {
            System.out.println("failed session: " + t.describe());
            t.close();
            peer.close();
            throw e;
        }
        System.out.printf("TCP session: ICE %d ms, DTLS %d ms%n", t.iceConnectMillis(), t.dtlsHandshakeMillis());
        return new Connected(peer, t, l);
    }

    @Test
    void aTcpOnlyPeerConnectsOverIceTcpAndSrtpFlowsBothWays() throws Exception {
        // warm-up: ice4j starts its process-wide pools with the first sessions; they are no leak
        Connected warm = connectTcp();
        warm.transport().close();
        warm.peer().close();
        awaitNoSessions();
        awaitThreads(warm, Integer.MAX_VALUE);
        int baselineThreads = nonPoolThreads();
        Connected c = connectTcp();
        try {
            List<IceCandidate> local = c.transport().localCandidates();
            assertThat(local).filteredOn(x -> x.transport().equals("tcp") && x.type().equals("host"))
                    .singleElement().satisfies(x -> {
                        assertThat(x.tcpType()).isEqualTo("passive");
                        assertThat(x.port()).isEqualTo(tcpPort);
                        assertThat(x.address()).isEqualTo("127.0.0.1");
                        assertThat(x.toSdpValue()).endsWith("typ host tcptype passive");
                    });
            assertThat(local).filteredOn(x -> x.transport().equals("tcp") && x.type().equals("srflx"))
                    .extracting(IceCandidate::address, IceCandidate::port, IceCandidate::tcpType)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.10", tcpPort, "passive"));
            assertThat(local).filteredOn(x -> x.transport().equals("udp")).isNotEmpty();
            assertThat(c.transport().describe().getJsonObject("selectedPair").getString("transport"))
                    .isEqualTo("tcp");
            assertThat(c.transport().tcpReaderThreads()).isEqualTo(1);
            assertThat(c.listener().callThread).startsWith("whip-rx");

            for (int seq = 1; seq <= 50; seq++) {
                byte[] rtp = TestWebRtcPeer.rtp(0xabc, seq, 96, ("frame-" + seq).getBytes(StandardCharsets.US_ASCII));
                c.peer().sendRtp(rtp);
                assertThat(c.listener().rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
            }
            byte[] pli = TestWebRtcPeer.pli(1, 0xabc);
            assertThat(c.transport().sendRtcp(pli)).isTrue();
            assertThat(c.peer().rtcpReceived().poll(5, TimeUnit.SECONDS)).isEqualTo(pli);

            var d = c.transport().describe();
            System.out.println("TCP session: " + d);
            assertThat(d.getString("state")).isEqualTo("CONNECTED");
            assertThat(d.getJsonObject("counters").getLong("tcpFrames")).isGreaterThanOrEqualTo(51);
            assertThat(d.getJsonObject("counters").getLong("datagrams")).isZero();
        } finally {
            c.transport().close();
        }
        assertThat(c.listener().closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.listener().failure).isNull();
        awaitNoSessions();
        // the server closed its end of the connection: the peer's reader saw EOF without closing
        long deadline = System.currentTimeMillis() + 5_000;
        while (!c.peer().readerEnded() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(c.peer().readerEnded()).isTrue();
        c.peer().close();
        awaitThreads(c, baselineThreads);
    }

    @Test
    void udpPeersKeepWorkingWithIceTcpEnabled() throws Exception {
        TestWebRtcPeer peer = new TestWebRtcPeer();
        RecordingListener l = new RecordingListener();
        WhipTransport t = transports.open(peer.iceParameters(), DtlsSetup.ACTPASS, peer.fingerprint(), l);
        try {
            assertThat(t.localCandidates()).extracting(IceCandidate::transport).contains("udp", "tcp");
            peer.connect(t.localUfrag(), t.localPassword(), t.localCandidates(),
                    Fingerprint.parse("sha-256 " + transports.fingerprintSha256()), Duration.ofSeconds(5));
            assertThat(l.connected.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(t.describe().getJsonObject("selectedPair").getString("transport")).isEqualTo("udp");
            byte[] rtp = TestWebRtcPeer.rtp(0xdef, 7, 96, "over-udp".getBytes(StandardCharsets.US_ASCII));
            peer.sendRtp(rtp);
            assertThat(l.rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
            byte[] pli = TestWebRtcPeer.pli(1, 0xdef);
            assertThat(t.sendRtcp(pli)).isTrue();
            assertThat(peer.rtcpReceived().poll(5, TimeUnit.SECONDS)).isEqualTo(pli);
            assertThat(t.tcpReaderThreads()).isZero();
        } finally {
            t.close();
            peer.close();
        }
        assertThat(l.closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(l.failure).isNull();
        awaitNoSessions();
    }

    @Test
    void garbageOnTheTcpPortIsDroppedWithoutHurtingALiveSession() throws Exception {
        Connected c = connectTcp();
        List<Socket> strangers = new ArrayList<>();
        try {
            Random r = new Random(11);
            InetSocketAddress port = new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort);
            for (int i = 0; i < 40; i++) {
                Socket s = new Socket();
                s.connect(port, 2000);
                strangers.add(s);
                OutputStream out = s.getOutputStream();
                byte[] junk = new byte[1 + r.nextInt(600)];
                r.nextBytes(junk);
                switch (i % 5) {
                    case 0 -> out.write(junk); // unframed noise
                    case 1 -> { // a framed STUN binding request for a ufrag nobody has
                        byte[] tx = new byte[12];
                        r.nextBytes(tx);
                        out.write(frame(TestTcpPeer.stun(0x0001, tx, "nopassword",
                                attrUsername("nobody:else"))));
                    }
                    case 2 -> { // a frame that claims 64 KiB and stops
                        out.write(new byte[]{(byte) 0xff, (byte) 0xff});
                        out.write(junk);
                    }
                    case 3 -> { // a STUN request using the live session's ufrag, wrong integrity
                        byte[] tx = new byte[12];
                        r.nextBytes(tx);
                        out.write(frame(TestTcpPeer.stun(0x0001, tx, "not-the-password",
                                attrUsername(c.transport().localUfrag() + ":intruder"))));
                    }
                    default -> out.write(frame(junk)); // framed non-STUN (fake DTLS/RTP)
                }
                out.flush();
                if (i % 2 == 0) {
                    s.close();
                }
            }
            // framed garbage on the live session's own connection
            for (int i = 0; i < 60; i++) {
                byte[] junk = new byte[20 + r.nextInt(200)];
                r.nextBytes(junk);
                junk[0] = switch (i % 3) {
                    case 0 -> (byte) 0x80;   // fake SRTP: fails authentication
                    case 1 -> (byte) 0x45;   // neither DTLS nor RTP: dropped by the demux
                    default -> (byte) 23;    // fake DTLS application data: discarded by BC
                };
                junk[1] = (byte) (i % 3 == 0 ? 96 : junk[1]);
                c.peer().sendRawFrame(junk);
            }
            byte[] rtp = TestWebRtcPeer.rtp(0xabc, 2, 96, "after-the-storm".getBytes(StandardCharsets.US_ASCII));
            c.peer().sendRtp(rtp);
            assertThat(c.listener().rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
            byte[] pli = TestWebRtcPeer.pli(1, 0xabc);
            assertThat(c.transport().sendRtcp(pli)).isTrue();
            assertThat(c.peer().rtcpReceived().poll(5, TimeUnit.SECONDS)).isEqualTo(pli);
            assertThat(transports.openSessions()).isEqualTo(1);
            assertThat(c.transport().state()).isEqualTo(WhipTransportState.CONNECTED);
            assertThat(c.transport().droppedOther()).isGreaterThanOrEqualTo(15);
            assertThat(c.transport().srtpStreams().inboundRtpSsrcs()).isEqualTo(1);
            assertThat(c.transport().tcpReaderThreads()).isEqualTo(1);
            System.out.println("after TCP garbage: " + c.transport().describe().getJsonObject("counters"));
        } finally {
            for (Socket s : strangers) {
                s.close();
            }
            c.transport().close();
            c.peer().close();
        }
        assertThat(c.listener().closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.listener().failure).isNull();
        awaitNoSessions();
    }

    @Test
    void losingTheTcpConnectionFailsTheSession() throws Exception {
        Connected c = connectTcp();
        c.peer().dropConnection();
        assertThat(c.listener().closed.await(5, TimeUnit.SECONDS)).isTrue();
        c.peer().close();
        assertThat(c.listener().failure).startsWith("ICE-TCP connection lost");
        System.out.println("after the peer closed its connection: " + c.listener().failure);
        awaitNoSessions();
    }

    // ------------------------------------------------------------ helpers

    private static byte[] frame(byte[] payload) {
        byte[] f = new byte[payload.length + 2];
        f[0] = (byte) (payload.length >> 8);
        f[1] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 2, payload.length);
        return f;
    }

    private static byte[] attrUsername(String username) {
        byte[] v = username.getBytes(StandardCharsets.US_ASCII);
        int padded = (v.length + 3) & ~3;
        return java.nio.ByteBuffer.allocate(4 + padded).putShort((short) 0x0006).putShort((short) v.length).put(v)
                .array();
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitNoSessions() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (transports.openSessions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(transports.openSessions()).isZero();
    }

    private static void awaitThreads(Connected c, int baseline) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while ((nonPoolThreads() > baseline || c.transport().tcpReaderThreads() > 0 || !c.peer().readerEnded()
                || tcpThreads() > 0) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(c.transport().tcpReaderThreads()).isZero();
        assertThat(tcpThreads()).isZero();
        assertThat(c.peer().readerEnded()).isTrue();
        if (nonPoolThreads() > baseline) {
            Thread.getAllStackTraces().keySet().forEach(th -> System.out.println("thread: " + th.getName()));
        }
        assertThat(nonPoolThreads()).isLessThanOrEqualTo(baseline);
    }

    private static long tcpThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && th.getName().startsWith("whip-tcp-")).count();
    }

    /**
     * Live threads other than our pools' (which exit when idle) and ice4j's process-wide pools
     * ({@code ice4j.*}: cached pools whose size follows concurrency, not sessions; they idle out).
     * Per-session threads ({@code whip-tcp-*}, the peer's reader) are checked by name.
     */
    private static int nonPoolThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && !th.getName().startsWith("whip-") && !th.getName().startsWith("ice4j."))
                .count();
    }
}
