// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.NominationStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.ice.HostCandidate;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * A minimal in-JVM "browser" for WHIP transport tests and load clients: a controlling ice4j agent
 * on its own single-port UDP harvester on 127.0.0.1, a Bouncy Castle DTLS client
 * ({@link TestDtlsClient}) and SRTP with jitsi-srtp. Usage: {@code new TestWebRtcPeer()}, give
 * {@link #iceParameters()} and {@link #fingerprint()} to {@link WebRtcTransports#open}, then
 * {@link #connect} with the server's answer values; then {@link #sendRtp}, read
 * {@link #rtcpReceived()}. Blocking methods; not for event loops. Close it.
 */
public final class TestWebRtcPeer implements AutoCloseable {
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());

    private final DtlsCertificate certificate;
    private final Thread reader;
    private volatile boolean closed;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final DtlsQueueTransport dtlsQueue;
    private final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private final CountDownLatch iceDone = new CountDownLatch(1);
    private volatile SrtpStreams srtp;
    private volatile DTLSTransport dtls;
    private volatile IceProcessingState iceState;
    private long iceMillis = -1;
    private long dtlsMillis = -1;

    public TestWebRtcPeer() throws IOException {
        this(DtlsCertificate.generate(CRYPTO, "test-peer", Duration.ofDays(1)));
    }

    /** A peer presenting {@code certificate} (e.g. one whose fingerprint the server does not expect). */
    public TestWebRtcPeer(DtlsCertificate certificate) throws IOException {
        this.certificate = certificate;
        this.agent = new Agent(null, new LoggerImpl("test-peer", Level.WARNING));
        agent.setControlling(true);
        agent.setUseDynamicPorts(false);
        agent.setNominationStrategy(NominationStrategy.NOMINATE_FIRST_VALID);
        // A host candidate that can initiate checks (a single-port candidate only answers), on
        // 127.0.0.1 only; the peer reads payload from the component socket on its own thread.
        agent.addCandidateHarvester(new LoopbackHostHarvester());
        stream = agent.createMediaStream("stream");
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
        dtlsQueue = new DtlsQueueTransport(64, component::send);
        reader = Thread.ofPlatform().daemon().name("test-peer-reader").start(this::readLoop);
        agent.addStateChangeListener(ev -> {
            iceState = (IceProcessingState) ev.getNewValue();
            if (iceState == IceProcessingState.COMPLETED || iceState == IceProcessingState.FAILED) {
                iceDone.countDown();
            }
        });
    }

    /** What the offer carries: our ufrag, password and host candidate. */
    public RemoteIce iceParameters() {
        List<IceCandidate> cands = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            cands.add(new IceCandidate(c.getFoundation(), 1, "udp", c.getPriority(),
                    c.getTransportAddress().getHostAddress(), c.getTransportAddress().getPort(), "host", null, -1, null));
        }
        return new RemoteIce(agent.getLocalUfrag(), agent.getLocalPassword(), cands);
    }

    /** The offer's {@code a=fingerprint}. */
    public Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /**
     * Runs ICE (controlling) against the server's answer values, then the DTLS client handshake
     * checking {@code serverFingerprint}; installs SRTP keys.
     */
    public void connect(String ufrag, String password, List<IceCandidate> serverCandidates,
                        Fingerprint serverFingerprint, Duration timeout) throws Exception {
        long start = System.nanoTime();
        startIce(ufrag, password, serverCandidates);
        if (!iceDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || iceState != IceProcessingState.COMPLETED) {
            throw new TimeoutException("ICE did not complete: " + iceState);
        }
        long iceDoneAt = System.nanoTime();
        iceMillis = TimeUnit.NANOSECONDS.toMillis(iceDoneAt - start);
        TestDtlsClient client = new TestDtlsClient(CRYPTO, certificate, serverFingerprint);
        dtls = new DTLSClientProtocol().connect(client, dtlsQueue);
        dtlsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - iceDoneAt);
        srtp = new SrtpStreams(client.keys(), DtlsRole.CLIENT, 16, new LoggerImpl("test-peer", Level.WARNING));
    }

    /** Only the ICE part of {@link #connect}. */
    public void startIce(String ufrag, String password, List<IceCandidate> serverCandidates) {
        stream.setRemoteUfrag(ufrag);
        stream.setRemotePassword(password);
        for (IceCandidate c : serverCandidates) {
            if ("udp".equals(c.transport())) {
                component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(),
                        Transport.UDP), component, CandidateType.parse(c.type()), c.foundation(), c.priority(), null));
            }
        }
        agent.startConnectivityEstablishment();
    }

    /** Protects {@code rtp} with SRTP and sends it. */
    public void sendRtp(byte[] rtpPacket) throws IOException {
        PacketBuffer p = PacketBuffer.copyOf(rtpPacket, 0, rtpPacket.length, SrtpStreams.MAX_OVERHEAD);
        if (srtp.protectRtp(p) != SrtpErrorStatus.OK) {
            throw new IOException("SRTP protect failed");
        }
        component.send(p.getBuffer(), p.getOffset(), p.getLength());
    }

    /** Sends bytes as they are on the selected pair (for abuse tests). */
    public void sendRaw(byte[] datagram) throws IOException {
        component.send(datagram, 0, datagram.length);
    }

    /** Decrypted RTCP from the server, in arrival order. */
    public BlockingQueue<byte[]> rtcpReceived() {
        return rtcp;
    }

    public long iceMillis() {
        return iceMillis;
    }

    public long dtlsMillis() {
        return dtlsMillis;
    }

    private void readLoop() {
        byte[] buf = new byte[1500];
        try {
            java.net.DatagramSocket s = component.getSocket();
            while (!closed) {
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                s.receive(p);
                onPacket(Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength()));
            }
        } catch (IOException | RuntimeException e) {
            // closed
        }
    }

    private void onPacket(byte[] a) {
        switch (PacketKind.of(a, 0, a.length)) {
            case DTLS -> dtlsQueue.offer(a);
            case RTCP -> {
                SrtpStreams s = srtp;
                PacketBuffer p = new PacketBuffer(a, 0, a.length);
                if (s != null && s.unprotectRtcp(p) == SrtpErrorStatus.OK) {
                    rtcp.add(p.toByteArray());
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() {
        closed = true;
        DTLSTransport t = dtls;
        if (t != null) {
            try {
                t.close();
            } catch (IOException ignored) {
                // gone
            }
        }
        dtlsQueue.close();
        agent.free();
        reader.interrupt();
        SrtpStreams s = srtp;
        if (s != null) {
            s.close();
        }
    }

    /** An RTP packet (RFC 3550 §5.1) with version 2, no CSRC/extension, marker clear. */
    public static byte[] rtp(int ssrc, int seq, int payloadType, byte[] payload) {
        byte[] p = new byte[12 + payload.length];
        p[0] = (byte) 0x80;
        p[1] = (byte) (payloadType & 0x7f);
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        int ts = seq * 3000;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** A PLI (RFC 4585 §6.3.1): PSFB, FMT 1, sender and media SSRC. */
    public static byte[] pli(int senderSsrc, int mediaSsrc) {
        return new byte[]{(byte) 0x81, (byte) 206, 0, 2,
                (byte) (senderSsrc >> 24), (byte) (senderSsrc >> 16), (byte) (senderSsrc >> 8), (byte) senderSsrc,
                (byte) (mediaSsrc >> 24), (byte) (mediaSsrc >> 16), (byte) (mediaSsrc >> 8), (byte) mediaSsrc};
    }

    /** Binds one ephemeral UDP socket on 127.0.0.1 per component (as ice4j's host harvester does). */
    private static final class LoopbackHostHarvester implements CandidateHarvester {
        private final HarvestStatistics stats = new HarvestStatistics();

        @Override
        public java.util.Collection<LocalCandidate> harvest(Component component) {
            try {
                IceUdpSocketWrapper sock = new IceUdpSocketWrapper(
                        new MultiplexingDatagramSocket(0, java.net.InetAddress.getLoopbackAddress()));
                HostCandidate c = new HostCandidate(sock, component, Transport.UDP);
                component.addLocalCandidate(c);
                c.getStunStack().addSocket(c.getStunSocket(null));
                component.getComponentSocket().add(sock);
                return List.of(c);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public HarvestStatistics getHarvestStatistics() {
            return stats;
        }

        @Override
        public boolean isHostHarvester() {
            return true;
        }
    }
}
