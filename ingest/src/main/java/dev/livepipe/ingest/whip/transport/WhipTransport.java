// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import io.vertx.core.json.JsonObject;
import java.beans.PropertyChangeEvent;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.AlertDescription;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;
import org.jitsi.srtp.SrtpErrorStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebRTC transport of one WHIP session: an ice4j {@link Agent} (controlled, RFC 8445 §6.1.1;
 * consent freshness, RFC 7675) on the service's single UDP port, the DTLS-SRTP handshake
 * (RFC 5763, RFC 5764, RFC 6347) on the shared {@code whip-dtls} pool, and SRTP/SRTCP
 * (RFC 3711, RFC 7714) with jitsi-srtp. Created by {@link WebRtcTransports#open}.
 *
 * <p>Receive path: ice4j's socket thread hands each non-STUN datagram to a bounded per-session
 * serial queue ({@code whip-rx} pool); there it is demultiplexed (RFC 7983): DTLS records go to
 * the handshake, SRTP/SRTCP is decrypted and given to the {@link TransportListener} (see its
 * contract for threads and buffer ownership). SRTP that arrives before the keys is held (bounded)
 * and replayed in order once they are installed. Inbound crypto contexts are kept per SSRC only
 * after they authenticated a packet.
 *
 * <p>ICE-TCP (RFC 6544, when the service has a TCP port): ice4j pushes only UDP payloads to the
 * component's buffer callback; TCP payloads (RFC 4571 frames, STUN already taken out by ice4j's
 * multiplexing socket) must be read from the candidate's socket. So for each validated TCP pair
 * (at most {@value #MAX_TCP_READERS}) a {@code whip-tcp-<id>} daemon thread reads that socket and
 * hands every frame to the same serial queue as UDP datagrams. It is a platform thread: ice4j reads
 * the channel inside {@code synchronized} blocks, which would pin a virtual thread's carrier on
 * Java 21. It ends when the agent is freed (which closes the socket); losing the TCP connection
 * of the selected pair fails the session. Sending is {@code component.send} either way (ice4j
 * frames TCP; each frame is one write, atomic on the JDK's socket channel), so a peer that stops
 * reading a TCP connection can block a sender until consent freshness fails.
 *
 * <p>Failure: ICE not connected within {@code iceConnectTimeout}, DTLS not done within
 * {@code dtlsTimeout} after that, ICE failure or consent loss, or a DTLS failure (including a
 * certificate that does not match the offer's fingerprint) calls {@code onFailed} and frees
 * everything: the agent (and with it the ufrag registration on the shared port), the DTLS
 * transport, the SRTP keys. {@link #close()} does the same without {@code onFailed}.
 *
 * <p>Thread-safety: all public methods may be called from any thread, including an event loop
 * (none blocks: teardown runs on a worker).
 */
public final class WhipTransport {
    private static final Logger LOG = LoggerFactory.getLogger(WhipTransport.class);
    /** Bound on remote candidates per session (offer + trickle). */
    private static final int MAX_REMOTE_CANDIDATES = 64;
    private static final int DTLS_QUEUE = 64;
    /** TCP connections (validated TCP pairs) read per session. */
    private static final int MAX_TCP_READERS = 4;
    /** Read size for RFC 4571 frames; WebRTC packets stay below the path MTU. */
    private static final int TCP_FRAME_MAX = 4096;
    /**
     * {@code LocalCandidate.getCandidateIceSocketWrapper(SocketAddress)}: the socket of a TCP
     * candidate for one remote address (what {@code Component.send} uses); ice4j has no public way.
     */
    private static final Method CANDIDATE_SOCKET;

    static {
        try {
            CANDIDATE_SOCKET = LocalCandidate.class.getDeclaredMethod("getCandidateIceSocketWrapper",
                    SocketAddress.class);
            CANDIDATE_SOCKET.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebRtcTransports service;
    private final String id;
    private final DtlsRole role;
    private final Fingerprint remoteFingerprint;
    private final TransportListener listener;
    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;
    private final SessionInbox inbox;
    private final DtlsQueueTransport dtlsQueue;
    private final HeldPackets held;
    private final PropertyChangeListener stateListener = this::onIceState;
    private final PropertyChangeListener pairListener = this::onPairChange;

    private final AtomicReference<WhipTransportState> state = new AtomicReference<>(WhipTransportState.CHECKING);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean finished;
    private volatile String failure;
    private volatile ScheduledFuture<?> timer;
    private volatile DTLSTransport dtls; // set and used on the inbox
    private volatile SrtpStreams srtp;   // set on the inbox, read by sendRtcp
    private volatile boolean iceCompleted;
    private volatile long lastConsentMillis;
    private int remoteCandidates;
    private final List<IceSocketWrapper> tcpSockets = new CopyOnWriteArrayList<>(); // added under this
    private final List<Thread> tcpReaders = new CopyOnWriteArrayList<>();

    private final long openedNanos = System.nanoTime();
    private volatile long iceConnectedNanos;
    private volatile long connectedNanos;

    private final AtomicLong datagrams = new AtomicLong();
    private final AtomicLong tcpFrames = new AtomicLong();
    private final AtomicLong inboxDropped = new AtomicLong();
    private final AtomicLong dtlsRecords = new AtomicLong();
    private final AtomicLong dtlsDropped = new AtomicLong();
    private final AtomicLong otherDropped = new AtomicLong();
    private final AtomicLong rtcpSent = new AtomicLong();
    private final AtomicLong skippedCandidates = new AtomicLong();

    WhipTransport(WebRtcTransports service, String id, RemoteIce remote, DtlsSetup setup, Fingerprint fingerprint,
                  TransportListener listener) throws IOException {
        this.service = service;
        this.id = id;
        this.role = setup.answererRole();
        this.remoteFingerprint = fingerprint;
        this.listener = listener;
        WebRtcTransportConfig cfg = service.config();
        this.inbox = new SessionInbox(service.rxPool(), cfg.inboxCapacity());
        this.held = new HeldPackets(cfg.holdMaxPackets(), cfg.holdMaxBytes());
        this.agent = new Agent(null, service.iceLogger());
        boolean ok = false;
        try {
            agent.setControlling(false);
            agent.setPerformConsentFreshness(true);
            agent.setUseDynamicPorts(false);
            for (CandidateHarvester h : service.harvesters()) {
                agent.addCandidateHarvester(h);
            }
            stream = agent.createMediaStream("stream");
            stream.setRemoteUfrag(remote.ufrag());
            stream.setRemotePassword(remote.password());
            component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, false);
            component.setBufferCallback(this::onBuffer);
            agent.addStateChangeListener(stateListener);
            stream.addPairChangeListener(pairListener);
            this.dtlsQueue = new DtlsQueueTransport(DTLS_QUEUE, component::send);
            for (IceCandidate c : remote.candidates()) {
                RemoteCandidate rc = toRemote(c);
                if (rc != null) {
                    component.addRemoteCandidate(rc);
                }
            }
            agent.startConnectivityEstablishment();
            ok = true;
        } finally {
            if (!ok) {
                agent.free();
            }
        }
        timer = service.timer().schedule(() -> timeout(WhipTransportState.CHECKING, "ICE did not connect within "
                + cfg.iceConnectTimeout().toMillis() + " ms"), cfg.iceConnectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Session id used in logs and {@link #describe()}. */
    public String id() {
        return id;
    }

    /** Our {@code a=ice-ufrag} (RFC 8839 §5.4). */
    public String localUfrag() {
        return agent.getLocalUfrag();
    }

    /** Our {@code a=ice-pwd}. */
    public String localPassword() {
        return agent.getLocalPassword();
    }

    /** Our candidates for the answer: host candidates on the shared port and mapped public ones. */
    public List<IceCandidate> localCandidates() {
        List<IceCandidate> out = new ArrayList<>();
        for (LocalCandidate c : component.getLocalCandidates()) {
            TransportAddress ta = c.getTransportAddress();
            TransportAddress rel = c.getRelatedAddress();
            out.add(new IceCandidate(c.getFoundation(), component.getComponentID(),
                    ta.getTransport() == Transport.TCP ? "tcp" : "udp", c.getPriority(), ta.getHostAddress(),
                    ta.getPort(), c.getType().toString(), rel == null ? null : rel.getHostAddress(),
                    rel == null ? -1 : rel.getPort(),
                    c.getTcpType() == null ? null : c.getTcpType().toString()));
        }
        return out;
    }

    /** Our DTLS role: SERVER for an offer with actpass/active, CLIENT for passive (RFC 5763 §5). */
    public DtlsRole dtlsRole() {
        return role;
    }

    /** The SHA-256 fingerprint of our certificate, for the answer's {@code a=fingerprint}. */
    public Fingerprint localFingerprint() {
        return service.certificate().fingerprint();
    }

    public WhipTransportState state() {
        return state.get();
    }

    /**
     * Adds trickled candidates (RFC 8840, WHIP PATCH). mDNS names, non-literal addresses, TCP and
     * component ≠ 1 are skipped; at most 64 remote candidates per session.
     */
    public void addRemoteCandidates(List<IceCandidate> candidates) {
        if (closing.get()) {
            return;
        }
        boolean added = false;
        synchronized (this) {
            for (IceCandidate c : candidates) {
                RemoteCandidate rc = toRemote(c);
                if (rc != null) {
                    component.addUpdateRemoteCandidates(rc);
                    added = true;
                }
            }
        }
        if (added) {
            component.updateRemoteCandidates();
        }
    }

    /**
     * Protects a compound RTCP packet with SRTCP and sends it on the selected pair (for NACK,
     * PLI, REMB, RR from the RTP path). The array is copied. Any thread.
     *
     * @return false if the keys are not yet installed, the session is closed or sending failed
     */
    public boolean sendRtcp(byte[] rtcp) {
        SrtpStreams s = srtp;
        if (s == null || closing.get() || rtcp.length < 8) {
            return false;
        }
        PacketBuffer p = PacketBuffer.copyOf(rtcp, 0, rtcp.length, SrtpStreams.MAX_OVERHEAD);
        if (s.protectRtcp(p) != SrtpErrorStatus.OK) {
            return false;
        }
        try {
            component.send(p.getBuffer(), p.getOffset(), p.getLength());
            rtcpSent.incrementAndGet();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Frees the session (idempotent, non-blocking); {@code onClosed} follows on the listener thread. */
    public void close() {
        end(null);
    }

    /** Milliseconds from {@code open} to the first valid ICE pair, or -1. */
    public long iceConnectMillis() {
        long t = iceConnectedNanos;
        return t == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(t - openedNanos);
    }

    /** Milliseconds from the first valid ICE pair to installed SRTP keys, or -1. */
    public long dtlsHandshakeMillis() {
        long t = connectedNanos;
        return t == 0 || iceConnectedNanos == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(t - iceConnectedNanos);
    }

    /** Inbound SRTP counters, or null before the keys are installed. */
    public SrtpStreams srtpStreams() {
        return srtp;
    }

    /** Datagrams dropped by the demultiplexer (RFC 7983: neither DTLS nor RTP/RTCP). */
    public long droppedOther() {
        return otherDropped.get();
    }

    /** JSON snapshot: state, selected pair, DTLS profile, counters. */
    public JsonObject describe() {
        JsonObject o = new JsonObject().put("id", id).put("state", state.get().name()).put("dtlsRole", role.name())
                .put("iceState", String.valueOf(agent.getState())).put("localUfrag", agent.getLocalUfrag());
        if (failure != null) {
            o.put("failure", failure);
        }
        CandidatePair pair = component.getSelectedPair();
        if (pair != null) {
            o.put("selectedPair", new JsonObject()
                    .put("transport", pair.getLocalCandidate().getTransport().toString())
                    .put("local", String.valueOf(pair.getLocalCandidate().getTransportAddress()))
                    .put("remote", String.valueOf(pair.getRemoteCandidate().getTransportAddress())));
        }
        if (lastConsentMillis != 0) {
            o.put("lastConsentMillis", lastConsentMillis);
        }
        o.put("iceConnectMillis", iceConnectMillis()).put("dtlsHandshakeMillis", dtlsHandshakeMillis());
        SrtpStreams s = srtp;
        if (s != null) {
            o.put("srtpProfile", s.profile().name()).put("srtp", s.rtpCounters().toJson())
                    .put("srtcp", s.rtcpCounters().toJson());
        }
        return o.put("counters", new JsonObject().put("datagrams", datagrams.get())
                .put("tcpFrames", tcpFrames.get()).put("inboxDropped", inboxDropped.get()).put("dtlsRecords", dtlsRecords.get())
                .put("dtlsDropped", dtlsDropped.get()).put("otherDropped", otherDropped.get())
                .put("held", held.heldTotal()).put("heldDropped", held.droppedTotal())
                .put("rtcpSent", rtcpSent.get()).put("skippedCandidates", skippedCandidates.get()));
    }

    // ---------------------------------------------------------------- ICE

    private RemoteCandidate toRemote(IceCandidate c) {
        if (remoteCandidates >= MAX_REMOTE_CANDIDATES || c.component() != 1 || !"udp".equals(c.transport())
                || c.isMdns() || !isIpLiteral(c.address())) {
            skippedCandidates.incrementAndGet();
            return null;
        }
        CandidateType type;
        try {
            type = CandidateType.parse(c.type());
        } catch (IllegalArgumentException e) {
            skippedCandidates.incrementAndGet();
            return null;
        }
        remoteCandidates++;
        return new RemoteCandidate(new TransportAddress(c.address(), c.port(), Transport.UDP), component, type,
                c.foundation(), c.priority(), null);
    }

    /** True for IPv4/IPv6 literals, so {@code TransportAddress} never does a DNS lookup. */
    private static boolean isIpLiteral(String s) {
        if (s.isEmpty() || s.length() > 45 || !s.matches("[0-9a-fA-F:.]+") || (!s.contains(".") && !s.contains(":"))) {
            return false;
        }
        try {
            InetAddress.getByName(s); // a literal: no lookup
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void onIceState(PropertyChangeEvent ev) {
        Object v = ev.getNewValue();
        if (v == IceProcessingState.COMPLETED) {
            iceCompleted = true;
            readTcp(component.getSelectedPair());
            startDtls();
        } else if (v == IceProcessingState.FAILED) {
            end(iceCompleted || state.get() != WhipTransportState.CHECKING ? "ICE failed (consent lost, RFC 7675)"
                    : "ICE failed");
        } else if (v == IceProcessingState.TERMINATED && !iceCompleted) {
            end("ICE terminated before completing"); // as jvb: RUNNING → TERMINATED is a failure
        }
    }

    private void onPairChange(PropertyChangeEvent ev) {
        String p = ev.getPropertyName();
        if (IceMediaStream.PROPERTY_PAIR_VALIDATED.equals(p)) {
            if (ev.getSource() instanceof CandidatePair pair) {
                readTcp(pair); // before DTLS: the peer's ClientHello may already be on its way
            }
            startDtls();
        } else if (IceMediaStream.PROPERTY_PAIR_CONSENT_FRESHNESS_CHANGED.equals(p)
                && ev.getNewValue() instanceof Long millis) {
            lastConsentMillis = millis;
        }
    }

    // ---------------------------------------------------------------- DTLS

    private void startDtls() {
        if (!state.compareAndSet(WhipTransportState.CHECKING, WhipTransportState.HANDSHAKE)) {
            return;
        }
        iceConnectedNanos = System.nanoTime();
        rearm(WhipTransportState.HANDSHAKE, "DTLS did not complete within "
                + service.config().dtlsTimeout().toMillis() + " ms", service.config().dtlsTimeout().toMillis());
        try {
            service.dtlsPool().execute(this::handshake);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            end("DTLS handshake pool exhausted");
        }
    }

    /** Runs on a whip-dtls thread; blocks until the handshake completes, fails or the session closes. */
    private void handshake() {
        int timeoutMillis = (int) service.config().dtlsTimeout().toMillis();
        Runnable closeNotify = () -> end(null);
        try {
            DTLSTransport t;
            SrtpKeys keys;
            if (role == DtlsRole.SERVER) {
                WhipTlsServer server = new WhipTlsServer(service.crypto(), service.certificate(), remoteFingerprint,
                        timeoutMillis, closeNotify);
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                protocol.setVerifyRequests(false); // ICE already proved return routability (RFC 8445 §7.2.5)
                t = protocol.accept(server, dtlsQueue);
                keys = server.keys();
            } else {
                WhipTlsClient client = new WhipTlsClient(service.crypto(), service.certificate(), remoteFingerprint,
                        timeoutMillis, closeNotify);
                t = new DTLSClientProtocol().connect(client, dtlsQueue);
                keys = client.keys();
            }
            inbox.execute(() -> installKeys(t, keys));
        } catch (TlsFatalAlert e) {
            end("DTLS failed: " + AlertDescription.getText(e.getAlertDescription())
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (TlsFatalAlertReceived e) {
            end("DTLS failed: peer sent " + AlertDescription.getText(e.getAlertDescription()));
        } catch (IOException | RuntimeException e) {
            end("DTLS failed: " + e);
        }
    }

    /** On the inbox: SRTP keys in, held packets replayed, listener told. */
    private void installKeys(DTLSTransport t, SrtpKeys keys) {
        if (closing.get()) {
            closeQuietly(t);
            keys.wipe();
            return;
        }
        dtls = t;
        srtp = new SrtpStreams(keys, role, service.config().maxSsrcs(), service.iceLogger());
        keys.wipe();
        connectedNanos = System.nanoTime();
        if (!state.compareAndSet(WhipTransportState.HANDSHAKE, WhipTransportState.CONNECTED)) {
            return;
        }
        cancelTimer();
        LOG.info("WHIP transport {} connected: ICE {} ms, DTLS {} ms, {}", id, iceConnectMillis(),
                dtlsHandshakeMillis(), srtp.profile());
        safely(listener::onConnected);
        held.drainTo(h -> unprotectAndDeliver(h.kind(), h.data(), 0, h.data().length, h.arrivalNanos()));
        pumpDtls();
    }

    /** On the inbox, after the handshake: lets BC process queued records (retransmissions, alerts). */
    private void pumpDtls() {
        DTLSTransport t = dtls;
        if (t == null) {
            return;
        }
        byte[] scratch = new byte[2048];
        for (int i = 0; i < DTLS_QUEUE && dtlsQueue.hasPending() && !closing.get(); i++) {
            try {
                t.receive(scratch, 0, scratch.length, 1); // application data (SCTP) is not used by WHIP
            } catch (IOException e) {
                end(null); // closed by the peer (close_notify or fatal alert)
                return;
            }
        }
    }

    // ---------------------------------------------------------------- packets

    /** ice4j's socket thread: hand over to the session's serial worker. We own {@code b}. */
    private void onBuffer(Buffer b) {
        long arrival = System.nanoTime();
        datagrams.incrementAndGet();
        if (closing.get() || !inbox.offerPacket(() -> handleDatagram(b, arrival))) {
            if (!closing.get()) {
                inboxDropped.incrementAndGet();
            }
            BufferPool.returnBuffer.invoke(b);
        }
    }

    /** On the inbox: a UDP datagram from ice4j's push API. */
    private void handleDatagram(Buffer b, long arrival) {
        try {
            handlePacket(b.getBuffer(), b.getOffset(), b.getLength(), arrival);
        } finally {
            BufferPool.returnBuffer.invoke(b);
        }
    }

    /** On the inbox: RFC 7983 demultiplexing of a UDP datagram or an RFC 4571 frame. */
    private void handlePacket(byte[] a, int off, int len, long arrival) {
        if (closing.get()) {
            return;
        }
        PacketKind kind = PacketKind.of(a, off, len);
        switch (kind) {
            case DTLS -> {
                dtlsRecords.incrementAndGet();
                if (!dtlsQueue.offer(Arrays.copyOfRange(a, off, off + len))) {
                    dtlsDropped.incrementAndGet();
                } else if (dtls != null) {
                    pumpDtls();
                }
            }
            case RTP, RTCP -> {
                if (srtp == null) {
                    held.hold(kind, a, off, len, arrival);
                } else {
                    unprotectAndDeliver(kind, a, off, len, arrival);
                }
            }
            case OTHER -> otherDropped.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- ICE-TCP

    /** Starts a reader for the TCP connection of {@code pair} unless it is UDP or already read. */
    private void readTcp(CandidatePair pair) {
        if (pair == null || pair.getLocalCandidate().getTransport() != Transport.TCP) {
            return;
        }
        IceSocketWrapper socket = tcpSocket(pair);
        if (socket == null) {
            LOG.warn("WHIP transport {}: no socket for the ICE-TCP pair {}", id, pair.toShortString());
            return;
        }
        Thread reader;
        synchronized (this) {
            if (closing.get() || tcpSockets.contains(socket)) {
                return;
            }
            if (tcpSockets.size() >= MAX_TCP_READERS) {
                LOG.info("WHIP transport {}: more than {} ICE-TCP connections, not reading {}", id,
                        MAX_TCP_READERS, pair.toShortString());
                return;
            }
            tcpSockets.add(socket);
            reader = Thread.ofPlatform().daemon().name("whip-tcp-" + id + "-" + tcpSockets.size())
                    .unstarted(() -> tcpReadLoop(socket, pair.getRemoteCandidate().getTransportAddress()));
            tcpReaders.add(reader);
        }
        reader.start();
    }

    private static IceSocketWrapper tcpSocket(CandidatePair pair) {
        LocalCandidate local = pair.getLocalCandidate();
        if (local.getBase() != null) {
            local = local.getBase();
        }
        try {
            return (IceSocketWrapper) CANDIDATE_SOCKET.invoke(local, pair.getRemoteCandidate().getTransportAddress());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * On a {@code whip-tcp} thread: RFC 4571 frames (ice4j strips the length and keeps STUN for its
     * own stack) into the session's serial queue, until the socket closes.
     */
    private void tcpReadLoop(IceSocketWrapper socket, TransportAddress remote) {
        byte[] buf = new byte[TCP_FRAME_MAX];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            while (!closing.get()) {
                p.setData(buf, 0, buf.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                int len = p.getLength();
                if (len <= 0) {
                    continue;
                }
                long arrival = System.nanoTime();
                tcpFrames.incrementAndGet();
                byte[] frame = Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + len);
                if (closing.get() || !inbox.offerPacket(() -> handlePacket(frame, 0, frame.length, arrival))) {
                    if (!closing.get()) {
                        inboxDropped.incrementAndGet();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing.get()) {
                CandidatePair selected = component.getSelectedPair();
                if (selected != null && remote.equals(selected.getRemoteCandidate().getTransportAddress())) {
                    end("ICE-TCP connection lost: " + e.getMessage());
                } else {
                    LOG.debug("WHIP transport {}: unused ICE-TCP connection closed: {}", id, e.toString());
                }
            }
        } finally {
            tcpReaders.remove(Thread.currentThread());
        }
    }

    /** Closes the TCP sockets we read (after {@code agent.free()}, which normally did already). */
    private void closeTcpSockets() {
        for (IceSocketWrapper s : tcpSockets) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }

    /** Live {@code whip-tcp} reader threads of this session (tests). */
    int tcpReaderThreads() {
        return (int) tcpReaders.stream().filter(Thread::isAlive).count();
    }

    private void unprotectAndDeliver(PacketKind kind, byte[] a, int off, int len, long arrival) {
        if (closing.get()) {
            return;
        }
        PacketBuffer p = new PacketBuffer(a, off, len);
        if (kind == PacketKind.RTP) {
            if (srtp.unprotectRtp(p) == SrtpErrorStatus.OK) {
                safely(() -> listener.onRtp(p.getBuffer(), p.getOffset(), p.getLength(), arrival));
            }
        } else if (srtp.unprotectRtcp(p) == SrtpErrorStatus.OK) {
            safely(() -> listener.onRtcp(p.getBuffer(), p.getOffset(), p.getLength(), arrival));
        }
    }

    // ---------------------------------------------------------------- teardown

    private void timeout(WhipTransportState expected, String reason) {
        if (state.get() == expected) {
            end(reason);
        }
    }

    private void rearm(WhipTransportState expected, String reason, long millis) {
        cancelTimer();
        timer = service.timer().schedule(() -> timeout(expected, reason), millis, TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    /** Starts the teardown once: reason null = orderly close, else a failure. */
    private void end(String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        failure = reason;
        state.set(reason == null ? WhipTransportState.CLOSED : WhipTransportState.FAILED);
        cancelTimer();
        if (reason != null) {
            LOG.info("WHIP transport {} failed: {}", id, reason);
        }
        dtlsQueue.close(); // wakes a handshake blocked in receive
        inbox.execute(() -> {
            if (reason != null) {
                safely(() -> listener.onFailed(reason));
            }
            closeQuietly(dtls); // sends close_notify while the agent can still send
            try {
                service.teardownPool().execute(this::freeAgent);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                freeAgent();
            }
        });
    }

    /** On a teardown thread: agent.free() can take a while (STUN stack shutdown). */
    private void freeAgent() {
        try {
            agent.removeStateChangeListener(stateListener);
            stream.removePairStateChangeListener(pairListener);
            agent.free();
        } catch (RuntimeException e) {
            LOG.warn("WHIP transport {}: freeing the ICE agent failed", id, e);
        } finally {
            closeTcpSockets();
            inbox.execute(this::finish);
        }
    }

    private void finish() {
        SrtpStreams s = srtp;
        if (s != null) {
            s.close();
        }
        held.clear();
        finished = true;
        service.ended(this);
        safely(listener::onClosed);
    }

    /** True once everything is freed and {@code onClosed} was called. */
    public boolean isFinished() {
        return finished;
    }

    private static void closeQuietly(DTLSTransport t) {
        if (t != null) {
            try {
                t.close();
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already
            }
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("WHIP transport {}: listener threw", id, e);
        }
    }
}
