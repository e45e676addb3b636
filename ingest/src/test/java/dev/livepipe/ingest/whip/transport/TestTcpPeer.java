// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * A minimal in-JVM "browser behind a UDP-blocking firewall" for ICE-TCP tests: it offers only an
 * active TCP candidate (RFC 6544 §4.5, port 9), connects to the server's passive TCP host
 * candidate and speaks RFC 4571 framing on that connection: its own controlling ICE check
 * (STUN Binding with USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY,
 * FINGERPRINT, RFC 8445 §7.1.2 — ice4j has no active TCP candidates, so it is hand-rolled here),
 * answers to the server's checks (triggered and consent), then the Bouncy Castle DTLS client
 * ({@link TestDtlsClient}) and SRTP with jitsi-srtp. Blocking; not for event loops. Close it.
 */
final class TestTcpPeer implements AutoCloseable {
    private static final BcTlsCrypto CRYPTO = new BcTlsCrypto(new SecureRandom());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAGIC_COOKIE = 0x2112A442;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DtlsCertificate certificate = DtlsCertificate.generate(CRYPTO, "tcp-peer", Duration.ofDays(1));
    private final String ufrag = randomIceChars(8);
    private final String password = randomIceChars(24);
    private final long tieBreaker = RANDOM.nextLong();
    private final Socket socket = new Socket();
    private final DtlsQueueTransport dtlsQueue = new DtlsQueueTransport(64, this::sendFrame);
    private final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> checkSucceeded = new CompletableFuture<>();
    private final AtomicInteger checksAnswered = new AtomicInteger();
    private volatile byte[] checkTransaction;
    private volatile String serverPassword;
    private volatile SrtpStreams srtp;
    private volatile DTLSTransport dtls;
    private volatile Thread reader;
    private volatile boolean closed;

    TestTcpPeer() throws IOException {
    }

    /** What the offer carries: ufrag, password and one active TCP host candidate (port 9). */
    RemoteIce iceParameters() {
        return new RemoteIce(ufrag, password, List.of(IceCandidate.parse(
                "candidate:1 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active")));
    }

    Fingerprint fingerprint() {
        return certificate.fingerprint();
    }

    /**
     * Connects to the server's passive TCP host candidate, runs the ICE check (nominating), then
     * the DTLS client handshake checking {@code serverFingerprint}; installs SRTP keys.
     */
    void connect(String serverUfrag, String serverPwd, List<IceCandidate> serverCandidates,
                 Fingerprint serverFingerprint, Duration timeout) throws Exception {
        IceCandidate passive = serverCandidates.stream()
                .filter(c -> c.transport().equals("tcp") && "passive".equals(c.tcpType()) && c.type().equals("host"))
                .findFirst().orElseThrow(() -> new IOException("no passive TCP host candidate in " + serverCandidates));
        serverPassword = serverPwd;
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getByName(passive.address()), passive.port()), 2000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        reader = Thread.ofPlatform().daemon().name("test-tcp-peer-" + THREADS.incrementAndGet())
                .start(() -> readLoop(in));
        byte[] tx = new byte[12];
        RANDOM.nextBytes(tx);
        checkTransaction = tx;
        ByteBuffer priority = ByteBuffer.allocate(4).putInt(1518280447);
        ByteBuffer controlling = ByteBuffer.allocate(8).putLong(tieBreaker);
        sendFrame(stun(0x0001, tx, serverPwd,
                attr(0x0006, (serverUfrag + ":" + ufrag).getBytes(StandardCharsets.US_ASCII)),
                attr(0x0024, priority.array()), attr(0x802A, controlling.array()), attr(0x0025, new byte[0])));
        checkSucceeded.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        TestDtlsClient client = new TestDtlsClient(CRYPTO, certificate, serverFingerprint);
        dtls = new DTLSClientProtocol().connect(client, dtlsQueue);
        srtp = new SrtpStreams(client.keys(), DtlsRole.CLIENT, 16, new LoggerImpl("tcp-peer", Level.WARNING));
    }

    /** The server's connectivity checks (triggered and consent) we answered. */
    int checksAnswered() {
        return checksAnswered.get();
    }

    /** Protects {@code rtp} with SRTP and sends it as one RFC 4571 frame. */
    void sendRtp(byte[] rtpPacket) throws IOException {
        PacketBuffer p = PacketBuffer.copyOf(rtpPacket, 0, rtpPacket.length, SrtpStreams.MAX_OVERHEAD);
        if (srtp.protectRtp(p) != SrtpErrorStatus.OK) {
            throw new IOException("SRTP protect failed");
        }
        sendFrame(p.getBuffer(), p.getOffset(), p.getLength());
    }

    /** Sends bytes as one frame on the ICE-TCP connection (for abuse tests). */
    void sendRawFrame(byte[] payload) throws IOException {
        sendFrame(payload, 0, payload.length);
    }

    BlockingQueue<byte[]> rtcpReceived() {
        return rtcp;
    }

    /** Whether our reader thread has ended. */
    boolean readerEnded() {
        Thread t = reader;
        return t == null || !t.isAlive();
    }

    private void sendFrame(byte[] b) throws IOException {
        sendFrame(b, 0, b.length);
    }

    private synchronized void sendFrame(byte[] b, int off, int len) throws IOException {
        byte[] frame = new byte[2 + len];
        frame[0] = (byte) (len >> 8);
        frame[1] = (byte) len;
        System.arraycopy(b, off, frame, 2, len);
        OutputStream out = socket.getOutputStream();
        out.write(frame);
        out.flush();
    }

    private void readLoop(DataInputStream in) {
        try {
            while (!closed) {
                int len = in.readUnsignedShort();
                byte[] frame = new byte[len];
                in.readFully(frame);
                onFrame(frame);
            }
        } catch (IOException | RuntimeException e) {
            if (!checkSucceeded.isDone()) {
                checkSucceeded.completeExceptionally(e);
            }
        }
    }

    private void onFrame(byte[] a) throws IOException {
        if (a.length >= 20 && (a[0] & 0xc0) == 0 && ByteBuffer.wrap(a, 4, 4).getInt() == MAGIC_COOKIE) {
            int type = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
            byte[] tx = Arrays.copyOfRange(a, 8, 20);
            if (type == 0x0101 && Arrays.equals(tx, checkTransaction)) {
                checkSucceeded.complete(null);
            } else if (type == 0x0111 && Arrays.equals(tx, checkTransaction)) {
                checkSucceeded.completeExceptionally(new IOException("binding error response"));
            } else if (type == 0x0001) {
                // a check from the server: success with XOR-MAPPED-ADDRESS, signed with our password
                InetSocketAddress me = (InetSocketAddress) socket.getLocalSocketAddress();
                byte[] ip = me.getAddress().getAddress();
                ByteBuffer x = ByteBuffer.allocate(4 + ip.length);
                x.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2)).putShort((short) (me.getPort() ^ (MAGIC_COOKIE >>> 16)));
                byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(tx).array();
                for (int i = 0; i < ip.length; i++) {
                    x.put((byte) (ip[i] ^ mask[i]));
                }
                sendFrame(stun(0x0101, tx, password, attr(0x0020, x.array())));
                checksAnswered.incrementAndGet();
            }
            return;
        }
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

    /** Closes the TCP connection without a DTLS close_notify (a vanished peer). */
    void dropConnection() throws IOException {
        closed = true;
        socket.close();
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
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed
        }
        SrtpStreams s = srtp;
        if (s != null) {
            s.close();
        }
    }

    // ------------------------------------------------------------ STUN (RFC 5389)

    private static byte[] attr(int type, byte[] value) {
        int padded = (value.length + 3) & ~3;
        return ByteBuffer.allocate(4 + padded).putShort((short) type).putShort((short) value.length).put(value)
                .array();
    }

    /** A STUN message with the attributes, then MESSAGE-INTEGRITY (key = {@code password}) and FINGERPRINT. */
    static byte[] stun(int type, byte[] tx, String password, byte[]... attrs) {
        int bodyLen = Arrays.stream(attrs).mapToInt(x -> x.length).sum();
        ByteBuffer m = ByteBuffer.allocate(20 + bodyLen + 24 + 8);
        m.putShort((short) type).putShort((short) (bodyLen + 24)).putInt(MAGIC_COOKIE).put(tx);
        for (byte[] x : attrs) {
            m.put(x);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac.update(m.array(), 0, 20 + bodyLen);
            m.putShort((short) 0x0008).putShort((short) 20).put(mac.doFinal());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        m.putShort(2, (short) (bodyLen + 24 + 8));
        CRC32 crc = new CRC32();
        crc.update(m.array(), 0, 20 + bodyLen + 24);
        m.putShort((short) 0x8028).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554e);
        return m.array();
    }

    private static String randomIceChars(int n) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return sb.toString();
    }
}
