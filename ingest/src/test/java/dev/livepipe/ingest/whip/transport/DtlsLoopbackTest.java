// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.Test;

/**
 * DTLS-SRTP over in-memory queues (jmt's {@code DtlsTest} pattern): our server against an
 * independent BC client, our client against our server; both ends must export identical keying
 * material (RFC 5764 §4.2), and SRTP made with one side's keys must open with the other's.
 */
class DtlsLoopbackTest {
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate(CRYPTO, "server", Duration.ofDays(1));
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate(CRYPTO, "client", Duration.ofDays(1));

    /** Two transports whose sends land in each other's queue. */
    private static DtlsQueueTransport[] pair() {
        DtlsQueueTransport[] t = new DtlsQueueTransport[2];
        t[0] = new DtlsQueueTransport(64, (b, o, l) -> t[1].offer(java.util.Arrays.copyOfRange(b, o, o + l)));
        t[1] = new DtlsQueueTransport(64, (b, o, l) -> t[0].offer(java.util.Arrays.copyOfRange(b, o, o + l)));
        return t;
    }

    @Test
    void ourServerAndABcClientExportIdenticalKeysAndSrtpRoundTrips() throws Exception {
        SrtpCipherBackend.select();
        DtlsQueueTransport[] t = pair();
        WhipTlsServer server = new WhipTlsServer(CRYPTO, SERVER_CERT, CLIENT_CERT.fingerprint(), 5000, () -> { });
        TestDtlsClient client = new TestDtlsClient(CRYPTO, CLIENT_CERT, SERVER_CERT.fingerprint());
        long start = System.nanoTime();
        CompletableFuture<DTLSTransport> s = CompletableFuture.supplyAsync(() -> accept(server, t[0]));
        DTLSTransport c = new DTLSClientProtocol().connect(client, t[1]);
        s.get(10, TimeUnit.SECONDS);
        System.out.printf("in-memory DTLS handshake: %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        c.close();

        SrtpKeys sk = server.keys();
        SrtpKeys ck = client.keys();
        assertThat(sk.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM); // GCM preferred
        assertThat(ck.profile()).isEqualTo(sk.profile());
        assertThat(ck.clientKey).isEqualTo(sk.clientKey);
        assertThat(ck.serverKey).isEqualTo(sk.serverKey);
        assertThat(ck.clientSalt).isEqualTo(sk.clientSalt);
        assertThat(ck.serverSalt).isEqualTo(sk.serverSalt);
        assertThat(sk.clientKey).isNotEqualTo(sk.serverKey);

        roundTrip(sk, ck);
    }

    @Test
    void fallsBackToAesCmWhenTheClientOffersOnlyThat() throws Exception {
        DtlsQueueTransport[] t = pair();
        WhipTlsServer server = new WhipTlsServer(CRYPTO, SERVER_CERT, CLIENT_CERT.fingerprint(), 5000, () -> { });
        TestDtlsClient client = new TestDtlsClient(CRYPTO, CLIENT_CERT, SERVER_CERT.fingerprint(),
                SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32, SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80);
        CompletableFuture<DTLSTransport> s = CompletableFuture.supplyAsync(() -> accept(server, t[0]));
        new DTLSClientProtocol().connect(client, t[1]);
        s.get(10, TimeUnit.SECONDS);
        assertThat(server.keys().profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        roundTrip(server.keys(), client.keys());
    }

    @Test
    void ourClientAgainstOurServer() throws Exception {
        DtlsQueueTransport[] t = pair();
        WhipTlsServer server = new WhipTlsServer(CRYPTO, SERVER_CERT, CLIENT_CERT.fingerprint(), 5000, () -> { });
        WhipTlsClient client = new WhipTlsClient(CRYPTO, CLIENT_CERT, SERVER_CERT.fingerprint(), 5000, () -> { });
        CompletableFuture<DTLSTransport> s = CompletableFuture.supplyAsync(() -> accept(server, t[0]));
        new DTLSClientProtocol().connect(client, t[1]);
        s.get(10, TimeUnit.SECONDS);
        assertThat(client.keys().serverKey).isEqualTo(server.keys().serverKey);
        roundTrip(server.keys(), client.keys());
    }

    @Test
    void aClientCertificateThatDoesNotMatchTheFingerprintFailsWithBadCertificate() {
        DtlsQueueTransport[] t = pair();
        DtlsCertificate other = DtlsCertificate.generate(CRYPTO, "someone-else", Duration.ofDays(1));
        WhipTlsServer server = new WhipTlsServer(CRYPTO, SERVER_CERT, other.fingerprint(), 5000, () -> { });
        TestDtlsClient client = new TestDtlsClient(CRYPTO, CLIENT_CERT, SERVER_CERT.fingerprint());
        CompletableFuture<DTLSTransport> s = CompletableFuture.supplyAsync(() -> accept(server, t[0]));
        assertThatThrownBy(() -> new DTLSClientProtocol().connect(client, t[1])).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> s.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().cause().isInstanceOfSatisfying(TlsFatalAlert.class,
                        a -> assertThat(a.getAlertDescription()).isEqualTo(AlertDescription.bad_certificate));
        assertThat(server.keys()).isNull();
    }

    private static DTLSTransport accept(WhipTlsServer server, DtlsQueueTransport t) {
        try {
            DTLSServerProtocol p = new DTLSServerProtocol();
            p.setVerifyRequests(false);
            return p.accept(server, t);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** RTP client → server and RTCP server → client through the two sides' factories. */
    private static void roundTrip(SrtpKeys serverKeys, SrtpKeys clientKeys) {
        try (SrtpStreams server = new SrtpStreams(serverKeys, DtlsRole.SERVER, 8, new LoggerImpl("s"));
             SrtpStreams client = new SrtpStreams(clientKeys, DtlsRole.CLIENT, 8, new LoggerImpl("c"))) {
            byte[] rtp = TestWebRtcPeer.rtp(0x1234, 7, 96, new byte[]{1, 2, 3, 4, 5});
            PacketBuffer p = PacketBuffer.copyOf(rtp, 0, rtp.length, SrtpStreams.MAX_OVERHEAD);
            assertThat(client.protectRtp(p)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(p.toByteArray()).isNotEqualTo(rtp);
            assertThat(server.unprotectRtp(p)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(p.toByteArray()).isEqualTo(rtp);

            byte[] rtcp = TestWebRtcPeer.pli(1, 0x1234);
            PacketBuffer q = PacketBuffer.copyOf(rtcp, 0, rtcp.length, SrtpStreams.MAX_OVERHEAD);
            assertThat(server.protectRtcp(q)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(client.unprotectRtcp(q)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(q.toByteArray()).isEqualTo(rtcp);
        }
    }
}
