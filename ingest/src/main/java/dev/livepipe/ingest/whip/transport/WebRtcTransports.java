// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.harvest.AbstractUdpListener;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.SinglePortUdpHarvester;
import org.ice4j.ice.harvest.StaticMappingCandidateHarvester;
import org.ice4j.ice.harvest.TcpHarvester;
import org.jitsi.utils.logging2.LoggerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide WebRTC transport service of WHIP ingest: one UDP port for every session
 * (ice4j's {@link SinglePortUdpHarvester}, demultiplexed by ICE ufrag, RFC 8445 §5.1.1 and the
 * BUNDLE/rtcp-mux single 5-tuple), static public-address mappings, one ECDSA P-256 DTLS
 * certificate per process (RFC 8122 fingerprint), and the shared thread pools; {@link #open}
 * creates a {@link WhipTransport} per WHIP session.
 *
 * <p>Process-wide state ice4j and jitsi-srtp force on us (documented here because it is global):
 * {@code AbstractUdpListener.USE_PUSH_API = true} and {@code BYTES_TO_LEAVE_AT_END_OF_PACKET ≥ 20}
 * are set on {@link #start()}; ice4j reads HOCON from {@code application.conf} (this module ships
 * one with only {@code ice4j.*} keys: consent freshness as jvb, no AWS/STUN mapping discovery, no
 * link-local addresses); {@link SrtpCipherBackend} selects jitsi-srtp's AES back-end. Several
 * instances may exist (tests), each with its own port.
 *
 * <p>Threads: {@code start}/{@code stop} do their blocking work on a service thread and complete
 * the returned future there; {@code open} is cheap and non-blocking (in-memory ICE setup, no I/O)
 * and may be called on an event loop. Pools: {@code whip-rx} (per-session serial receive work
 * and listener calls), {@code whip-dtls} (blocking handshakes, bounded queue), {@code whip-teardown}
 * and one {@code whip-timer}; their threads exit when idle.
 */
public final class WebRtcTransports {
    private static final Logger LOG = LoggerFactory.getLogger(WebRtcTransports.class);
    private static final int DTLS_QUEUE = 1024;

    private final WebRtcTransportConfig config;
    private final Set<WhipTransport> sessions = ConcurrentHashMap.newKeySet();
    private final org.jitsi.utils.logging2.Logger iceLogger = new LoggerImpl("whip.ice", Level.WARNING);
    private volatile List<SinglePortUdpHarvester> udpHarvesters = List.of();
    private volatile List<CandidateHarvester> allHarvesters = List.of();
    private volatile IceTcpHarvester tcpHarvester;
    private volatile BcTlsCrypto crypto;
    private volatile DtlsCertificate certificate;
    private volatile String cipherBackend;
    private ThreadPoolExecutor rxPool;
    private ThreadPoolExecutor dtlsPool;
    private ThreadPoolExecutor teardownPool;
    private ScheduledThreadPoolExecutor timer;
    private volatile boolean running;

    public WebRtcTransports(WebRtcTransportConfig config) {
        this.config = config;
    }

    /**
     * Binds the UDP port on every host address, creates the certificate and the pools. The
     * future fails if the port cannot be bound on any address.
     */
    public Future<Void> start() {
        Promise<Void> promise = Promise.promise();
        Thread.ofPlatform().name("whip-start").daemon().start(() -> {
            try {
                startBlocking();
                promise.complete();
            } catch (Throwable t) {
                promise.fail(t);
            }
        });
        return promise.future();
    }

    /** Closes the port and frees every open session; the future completes once all are freed. */
    public Future<Void> stop() {
        Promise<Void> promise = Promise.promise();
        Thread.ofPlatform().name("whip-stop").daemon().start(() -> {
            try {
                stopBlocking(Duration.ofSeconds(10));
                promise.complete();
            } catch (Throwable t) {
                promise.fail(t);
            }
        });
        return promise.future();
    }

    private synchronized void startBlocking() throws IOException {
        if (running) {
            return;
        }
        AbstractUdpListener.USE_PUSH_API = true;
        AbstractUdpListener.BYTES_TO_LEAVE_AT_END_OF_PACKET =
                Math.max(AbstractUdpListener.BYTES_TO_LEAVE_AT_END_OF_PACKET, SrtpStreams.MAX_OVERHEAD);
        cipherBackend = SrtpCipherBackend.select();
        crypto = new BcTlsCrypto(new SecureRandom());
        certificate = DtlsCertificate.generate(crypto, "livepipe-whip", Duration.ofDays(30));

        List<SinglePortUdpHarvester> udp = new ArrayList<>();
        int port = config.udpPort();
        try {
            for (InetAddress a : hostAddresses()) {
                SinglePortUdpHarvester h = new SinglePortUdpHarvester(new TransportAddress(a, port, Transport.UDP));
                udp.add(h);
                if (port == 0) {
                    port = h.getLocalAddress().getPort(); // all addresses on the same ephemeral port
                }
            }
        } catch (IOException e) {
            udp.forEach(SinglePortUdpHarvester::close);
            throw e;
        }
        if (udp.isEmpty()) {
            throw new IOException("no usable host address for WebRTC");
        }
        List<CandidateHarvester> all = new ArrayList<>(udp);
        for (Map.Entry<InetAddress, InetAddress> m : config.publicAddresses().entrySet()) {
            all.add(new StaticMappingCandidateHarvester(new TransportAddress(m.getValue(), port, Transport.UDP),
                    new TransportAddress(m.getKey(), port, Transport.UDP), "livepipe-mapping", false));
        }
        IceTcpHarvester tcp = null;
        if (config.iceTcpPort() != 0) {
            List<TransportAddress> tcpAddresses = new ArrayList<>();
            for (SinglePortUdpHarvester h : udp) {
                tcpAddresses.add(new TransportAddress(h.getLocalAddress().getAddress(), config.iceTcpPort(),
                        Transport.TCP));
            }
            try {
                tcp = new IceTcpHarvester(tcpAddresses);
            } catch (IOException e) {
                udp.forEach(SinglePortUdpHarvester::close);
                throw new IOException("cannot bind ICE-TCP port " + config.iceTcpPort() + ": " + e.getMessage(), e);
            }
            for (Map.Entry<InetAddress, InetAddress> m : config.publicAddresses().entrySet()) {
                tcp.addMappedAddress(m.getValue(), m.getKey());
            }
            all.add(udp.size(), tcp); // host harvesters before the static mappings
        }
        tcpHarvester = tcp;
        udpHarvesters = List.copyOf(udp);
        allHarvesters = List.copyOf(all);
        rxPool = pool("whip-rx", config.rxThreads(), new LinkedBlockingQueue<>());
        dtlsPool = pool("whip-dtls", config.dtlsThreads(), new ArrayBlockingQueue<>(DTLS_QUEUE));
        teardownPool = pool("whip-teardown", 2, new LinkedBlockingQueue<>());
        timer = new ScheduledThreadPoolExecutor(1, threads("whip-timer"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setKeepAliveTime(5, TimeUnit.SECONDS);
        timer.allowCoreThreadTimeOut(true);
        running = true;
        LOG.info("WebRTC transport on UDP port {}{} ({} host addresses, {} mappings), SRTP cipher {}, fingerprint {}",
                port, tcp == null ? "" : " and ICE-TCP port " + config.iceTcpPort(), udp.size(),
                config.publicAddresses().size(), cipherBackend, fingerprintSha256());
    }

    private void stopBlocking(Duration wait) throws InterruptedException {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        for (WhipTransport s : List.copyOf(sessions)) {
            s.close();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        udpHarvesters.forEach(SinglePortUdpHarvester::close);
        udpHarvesters = List.of();
        IceTcpHarvester tcp = tcpHarvester;
        if (tcp != null) {
            tcp.close(); // its accept/read threads close the listening socket within ~3 s
            tcpHarvester = null;
        }
        allHarvesters = List.of();
        for (ExecutorService e : List.of(rxPool, dtlsPool, teardownPool, timer)) {
            e.shutdown();
        }
    }

    /**
     * Opens the transport of one WHIP session from the offer's ICE parameters, setup and
     * fingerprint. ICE checks start at once; the returned session's {@link WhipTransport#localUfrag()},
     * {@link WhipTransport#localPassword()}, {@link WhipTransport#localCandidates()} and
     * {@link WhipTransport#dtlsRole()} go into the answer.
     *
     * @throws IllegalStateException if the service is not running
     * @throws IllegalArgumentException if {@code remoteSetup} is {@code holdconn}
     * @throws IOException if ice4j refuses the session
     */
    public WhipTransport open(RemoteIce remote, DtlsSetup remoteSetup, Fingerprint remoteFingerprint,
                              TransportListener listener) throws IOException {
        if (!running) {
            throw new IllegalStateException("WebRTC transport service is not running");
        }
        WhipTransport t = new WhipTransport(this, UUID.randomUUID().toString().substring(0, 8), remote, remoteSetup,
                remoteFingerprint, listener);
        sessions.add(t);
        if (!running) {
            t.close();
        }
        return t;
    }

    /** The SHA-256 fingerprint of the process certificate as uppercase colon hex (for {@code a=fingerprint:sha-256}). */
    public String fingerprintSha256() {
        return certificate.fingerprint().hex();
    }

    /** The bound UDP port (the ephemeral one when configured with 0). */
    public int udpPort() {
        List<SinglePortUdpHarvester> h = udpHarvesters;
        return h.isEmpty() ? -1 : h.get(0).getLocalAddress().getPort();
    }

    /** The ICE-TCP port (RFC 6544 passive candidates), or 0 when ICE-TCP is off. */
    public int tcpPort() {
        return tcpHarvester == null ? 0 : config.iceTcpPort();
    }

    /** The chosen SRTP AES back-end ({@code OpenSSL} or {@code SunJCE}). */
    public String cipherBackend() {
        return cipherBackend;
    }

    /** Sessions not yet fully freed. */
    public int openSessions() {
        return sessions.size();
    }

    /** JSON snapshot: port, fingerprint, back-end, sessions. */
    public JsonObject describe() {
        JsonObject o = new JsonObject().put("running", running).put("udpPort", udpPort()).put("tcpPort", tcpPort())
                .put("fingerprint", certificate == null ? null : certificate.fingerprint().toSdpValue())
                .put("cipherBackend", cipherBackend).put("openSessions", sessions.size());
        io.vertx.core.json.JsonArray arr = new io.vertx.core.json.JsonArray();
        sessions.forEach(s -> arr.add(s.describe()));
        return o.put("sessions", arr);
    }

    // ------------------------------------------------------------ for WhipTransport

    WebRtcTransportConfig config() {
        return config;
    }

    List<CandidateHarvester> harvesters() {
        return allHarvesters;
    }

    /** The UDP harvesters (tests inspect their registrations). */
    List<SinglePortUdpHarvester> udpHarvesters() {
        return udpHarvesters;
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    DtlsCertificate certificate() {
        return certificate;
    }

    org.jitsi.utils.logging2.Logger iceLogger() {
        return iceLogger;
    }

    ExecutorService rxPool() {
        return rxPool;
    }

    ExecutorService dtlsPool() {
        return dtlsPool;
    }

    ExecutorService teardownPool() {
        return teardownPool;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void ended(WhipTransport t) {
        sessions.remove(t);
    }

    // ------------------------------------------------------------ helpers

    private List<InetAddress> hostAddresses() throws SocketException {
        if (config.hostAddresses() == WebRtcTransportConfig.HostAddresses.LOOPBACK) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback() || nif.isVirtual()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isLoopbackAddress()
                        || (a instanceof Inet6Address i6 && i6.getScopeId() != 0 && a.isLinkLocalAddress())) {
                    continue;
                }
                out.add(a);
            }
        }
        return out;
    }

    /**
     * ice4j's {@link TcpHarvester} on exactly the given addresses: the stock one drops loopback
     * addresses (and ice4j's allow/block lists) here, but the addresses were already chosen like
     * the UDP ones, and tests need 127.0.0.1.
     */
    private static final class IceTcpHarvester extends TcpHarvester {
        IceTcpHarvester(List<TransportAddress> addresses) throws IOException {
            super(addresses, false);
        }

        @Override
        protected void addLocalAddresses(List<TransportAddress> addresses) {
            localAddresses.addAll(addresses);
        }
    }

    private static ThreadPoolExecutor pool(String name, int threads, java.util.concurrent.BlockingQueue<Runnable> q) {
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, 5, TimeUnit.SECONDS, q, threads(name));
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
