// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.jitsi.srtp.SrtpErrorStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole transport over real UDP on 127.0.0.1: our controlled agent via
 * {@link WebRtcTransports} against {@link TestWebRtcPeer} (controlling agent + BC DTLS client +
 * SRTP); plus the failure paths (wrong fingerprint, ICE that never connects, garbage datagrams),
 * each checked for leaked sessions, port registrations and threads.
 */
class WhipTransportIceTest {
    private static WebRtcTransports transports;

    @BeforeAll
    static void start() throws Exception {
        WebRtcTransportConfig cfg = WebRtcTransportConfig.loopbackForTests()
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(4))
                .withPublicAddresses(Map.of(InetAddress.getLoopbackAddress(), InetAddress.getByName("192.0.2.10")));
        transports = new WebRtcTransports(cfg);
        transports.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        transports.stop().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private record Connected(TestWebRtcPeer peer, WhipTransport transport, RecordingListener listener) { }

    private static Connected connect() throws Exception {
        TestWebRtcPeer peer = new TestWebRtcPeer();
        RecordingListener l = new RecordingListener();
        long t0 = System.nanoTime();
        WhipTransport t = transports.open(peer.iceParameters(), DtlsSetup.ACTPASS, peer.fingerprint(), l);
        long openMicros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
        peer.connect(t.localUfrag(), t.localPassword(), t.localCandidates(),
                Fingerprint.parse("sha-256 " + transports.fingerprintSha256()), Duration.ofSeconds(5));
        assertThat(l.connected.await(5, TimeUnit.SECONDS)).isTrue();
        System.out.printf("open %d µs; server: ICE %d ms, DTLS %d ms; peer: ICE %d ms, DTLS %d ms%n", openMicros,
                t.iceConnectMillis(), t.dtlsHandshakeMillis(), peer.iceMillis(), peer.dtlsMillis());
        return new Connected(peer, t, l);
    }

    @Test
    void srtpFromThePeerArrivesDecryptedAndRtcpGoesBack() throws Exception {
        int baselineRegistrations = registrations();
        Connected c = connect();
        try {
            assertThat(c.transport().dtlsRole()).isEqualTo(DtlsRole.SERVER);
            assertThat(c.transport().localCandidates()).extracting(IceCandidate::type).contains("host", "srflx");
            assertThat(c.transport().localCandidates()).filteredOn(x -> x.type().equals("srflx"))
                    .extracting(IceCandidate::address).containsExactly("192.0.2.10");
            assertThat(c.listener().callThread).startsWith("whip-rx");

            byte[] rtp = TestWebRtcPeer.rtp(0xabc, 1, 96, "keyframe".getBytes());
            c.peer().sendRtp(rtp);
            assertThat(c.listener().rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);

            byte[] pli = TestWebRtcPeer.pli(1, 0xabc);
            assertThat(c.transport().sendRtcp(pli)).isTrue();
            assertThat(c.peer().rtcpReceived().poll(5, TimeUnit.SECONDS)).isEqualTo(pli);

            var d = c.transport().describe();
            assertThat(d.getString("state")).isEqualTo("CONNECTED");
            assertThat(d.getString("srtpProfile")).isEqualTo("AEAD_AES_128_GCM");
            assertThat(d.getJsonObject("selectedPair")).isNotNull();
        } finally {
            c.transport().close();
            c.peer().close();
        }
        assertThat(c.listener().closed.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(c.listener().failure).isNull();
        awaitNoSessions();
        assertThat(registrations()).isEqualTo(baselineRegistrations);
    }

    @Test
    void garbageIsDroppedAndCountedWithoutHurtingTheSession() throws Exception {
        Connected c = connect();
        try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Random r = new Random(7);
            InetAddress lo = InetAddress.getLoopbackAddress();
            int port = transports.udpPort();
            for (int i = 0; i < 500; i++) {
                byte[] junk = new byte[1 + r.nextInt(300)];
                r.nextBytes(junk);
                if (i % 4 == 0) {
                    junk[0] = 0x00; // looks like STUN: binding request with random content
                    junk[1] = 0x01;
                } else if (i % 4 == 1) {
                    junk[0] = 22; // looks like DTLS
                } else if (i % 4 == 2) {
                    junk[0] = (byte) 0x80; // looks like RTP
                }
                stranger.send(new DatagramPacket(junk, junk.length, lo, port));
            }
            // the same kinds of garbage from the peer's own, ICE-validated address
            for (int i = 0; i < 100; i++) {
                byte[] junk = new byte[20 + r.nextInt(200)];
                r.nextBytes(junk);
                junk[0] = switch (i % 3) {
                    case 0 -> (byte) 0x80;   // fake SRTP: fails authentication
                    case 1 -> (byte) 0x45;   // neither DTLS nor RTP: dropped by the demux
                    default -> (byte) 23;    // fake DTLS application data: discarded by BC
                };
                junk[1] = (byte) (i % 3 == 0 ? 96 : junk[1]);
                c.peer().sendRaw(junk);
            }
            byte[] rtp = TestWebRtcPeer.rtp(0xabc, 2, 96, "after-the-storm".getBytes());
            c.peer().sendRtp(rtp);
            assertThat(c.listener().rtp.poll(5, TimeUnit.SECONDS)).isEqualTo(rtp);
            assertThat(transports.openSessions()).isEqualTo(1);
            SrtpStreams s = c.transport().srtpStreams();
            assertThat(s.rtpCounters().get(SrtpErrorStatus.AUTH_FAIL)
                    + s.rtpCounters().get(SrtpErrorStatus.INVALID_PACKET)).isGreaterThanOrEqualTo(30);
            assertThat(s.inboundRtpSsrcs()).isEqualTo(1); // forged SSRCs were not kept
            assertThat(c.transport().droppedOther()).isGreaterThanOrEqualTo(30);
            assertThat(c.transport().state()).isEqualTo(WhipTransportState.CONNECTED);
            System.out.println("after garbage: " + c.transport().describe().getJsonObject("counters"));
        } finally {
            c.transport().close();
            c.peer().close();
        }
        awaitNoSessions();
    }

    @Test
    void aPeerWithTheWrongCertificateIsRefusedAndTheSessionFreed() throws Exception {
        int baselineRegistrations = registrations();
        TestWebRtcPeer peer = new TestWebRtcPeer();
        RecordingListener l = new RecordingListener();
        Fingerprint notThePeers = DtlsCertificate.generate(new org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto(
                new java.security.SecureRandom()), "other", Duration.ofDays(1)).fingerprint();
        WhipTransport t = transports.open(peer.iceParameters(), DtlsSetup.ACTPASS, notThePeers, l);
        try {
            peer.connect(t.localUfrag(), t.localPassword(), t.localCandidates(),
                    Fingerprint.parse("sha-256 " + transports.fingerprintSha256()), Duration.ofSeconds(5));
        } catch (java.io.IOException expected) {
            // the server's bad_certificate alert ends the peer's handshake
        } finally {
            peer.close();
        }
        assertThat(l.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(l.failure).contains("bad_certificate");
        assertThat(l.connected.getCount()).isEqualTo(1);
        awaitNoSessions();
        assertThat(registrations()).isEqualTo(baselineRegistrations);
    }

    @Test
    void iceThatNeverConnectsIsFreedWithinTheTimeout() throws Exception {
        awaitNoSessions();
        int baselineRegistrations = registrations();
        int baselineThreads = nonPoolThreads();
        RecordingListener l = new RecordingListener();
        RemoteIce nobody = new RemoteIce("abcd", "0123456789012345678901", List.of(
                IceCandidate.parse("candidate:1 1 udp 2122260223 127.0.0.1 9 typ host"),
                IceCandidate.parse("candidate:2 1 udp 2122260223 abc.local 5000 typ host")));
        long t0 = System.nanoTime();
        WhipTransport t = transports.open(nobody, DtlsSetup.ACTPASS, Fingerprint.parse("sha-256 " + transports
                .fingerprintSha256()), l);
        assertThat(registrations()).isEqualTo(baselineRegistrations + 1);
        assertThat(l.closed.await(10, TimeUnit.SECONDS)).isTrue();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        System.out.printf("unconnected session freed after %d ms: %s%n", ms, l.failure);
        assertThat(l.failure).isNotNull();
        assertThat(ms).isLessThan(3000 + 2000);
        assertThat(t.describe().getJsonObject("counters").getLong("skippedCandidates")).isEqualTo(1);
        awaitNoSessions();
        assertThat(registrations()).isEqualTo(baselineRegistrations);
        long deadline = System.currentTimeMillis() + 10_000;
        while (nonPoolThreads() > baselineThreads && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(nonPoolThreads()).isLessThanOrEqualTo(baselineThreads);
    }

    private static void awaitNoSessions() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (transports.openSessions() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(transports.openSessions()).isZero();
    }

    /** ufrag registrations and remote-address sockets held by our single-port harvesters. */
    private static int registrations() throws Exception {
        Field candidates = SinglePortUdpHarvester.class.getDeclaredField("candidates");
        candidates.setAccessible(true);
        Field sockets = AbstractUdpListener.class.getDeclaredField("sockets");
        sockets.setAccessible(true);
        int n = 0;
        for (SinglePortUdpHarvester h : transports.udpHarvesters()) {
            n += ((Map<?, ?>) candidates.get(h)).size() + ((Map<?, ?>) sockets.get(h)).size();
        }
        return n;
    }

    /** Live threads other than our pools' (which exit when idle) and JUnit/JVM's. */
    private static int nonPoolThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(th -> th.isAlive() && !th.getName().startsWith("whip-")).count();
    }
}
