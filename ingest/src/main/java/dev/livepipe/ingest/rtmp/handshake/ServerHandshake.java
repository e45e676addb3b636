// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.handshake;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The server side of the RTMP handshake (Adobe RTMP specification 1.0, section 5.2), fed with
 * whatever buffers arrive: it waits for C0+C1, answers S0+S1+S2 at once, then waits for C2 and
 * hands back any bytes that followed it (the first chunks).
 *
 * <p>If C1 carries a valid client digest (see {@link HandshakeDigest}), S1 carries a server
 * digest in the same scheme and S2 is signed with the key derived from the client digest, which
 * FFmpeg verifies when it plays and Flash-era clients expect. Otherwise the plain handshake
 * applies: S2 echoes C1. C2 is read but not verified, as no client signs it consistently.
 *
 * <p>Threading: not thread-safe; used by one connection's event loop. Input buffers are copied
 * from and not retained.
 */
public final class ServerHandshake {

    /** The RTMP version in C0/S0 (5.2.2); 6 would be RTMPE, which is not supported. */
    public static final int VERSION = 3;
    private static final int C0C1 = 1 + HandshakeDigest.PACKET_SIZE;
    private static final byte[] SERVER_VERSION = {0x0D, 0x0E, 0x0A, 0x0D};

    /** What one {@link #feed} produced. */
    public record Step(Buffer reply, boolean complete, Buffer remainder) {
    }

    private final RandomGenerator random;
    private final long uptimeMillis;
    private final Buffer c0c1 = Buffer.buffer(C0C1);
    private final Buffer c2 = Buffer.buffer(HandshakeDigest.PACKET_SIZE);
    private boolean replied;
    private boolean complete;
    private boolean digest;

    /**
     * @param random       fills the random parts of S1 and S2
     * @param uptimeMillis the time field of S1 (server uptime, 5.2.3)
     */
    public ServerHandshake(RandomGenerator random, long uptimeMillis) {
        this.random = random;
        this.uptimeMillis = uptimeMillis;
    }

    /** True once C2 was received. */
    public boolean isComplete() {
        return complete;
    }

    /** True if the client used the digest handshake. */
    public boolean isDigest() {
        return digest;
    }

    /**
     * Consumes handshake bytes.
     *
     * @return the reply to send now (S0+S1+S2, once), whether the handshake is complete, and
     *         the bytes after C2 (empty until complete)
     * @throws RtmpProtocolException if C0 names a version other than 3
     */
    public Step feed(Buffer data) {
        if (complete) {
            return new Step(null, true, data);
        }
        Buffer reply = null;
        int pos = 0;
        if (!replied) {
            int n = Math.min(C0C1 - c0c1.length(), data.length());
            c0c1.appendBuffer(data, 0, n);
            pos = n;
            if (c0c1.length() > 0 && (c0c1.getByte(0) & 0xFF) != VERSION) {
                throw new RtmpProtocolException("unsupported RTMP version "
                        + (c0c1.getByte(0) & 0xFF) + " in C0");
            }
            if (c0c1.length() < C0C1) {
                return new Step(null, false, Buffer.buffer());
            }
            reply = respond(c0c1.getBytes(1, C0C1));
            replied = true;
        }
        int n = Math.min(HandshakeDigest.PACKET_SIZE - c2.length(), data.length() - pos);
        c2.appendBuffer(data, pos, n);
        pos += n;
        if (c2.length() < HandshakeDigest.PACKET_SIZE) {
            return new Step(reply, false, Buffer.buffer());
        }
        complete = true;
        return new Step(reply, true, data.getBuffer(pos, data.length()));
    }

    private Buffer respond(byte[] c1) {
        int scheme = HandshakeDigest.clientScheme(c1);
        byte[] s1 = new byte[HandshakeDigest.PACKET_SIZE];
        byte[] s2;
        random.nextBytes(s1);
        s1[0] = (byte) (uptimeMillis >>> 24);
        s1[1] = (byte) (uptimeMillis >>> 16);
        s1[2] = (byte) (uptimeMillis >>> 8);
        s1[3] = (byte) uptimeMillis;
        if (scheme >= 0) {
            digest = true;
            System.arraycopy(SERVER_VERSION, 0, s1, 4, 4);
            HandshakeDigest.signS1(s1, scheme);
            int pos = HandshakeDigest.digestPosition(c1, scheme);
            byte[] clientDigest = Arrays.copyOfRange(c1, pos, pos + HandshakeDigest.DIGEST_SIZE);
            s2 = new byte[HandshakeDigest.PACKET_SIZE];
            random.nextBytes(s2);
            HandshakeDigest.signS2(s2, clientDigest);
        } else {
            Arrays.fill(s1, 4, 8, (byte) 0); // plain handshake: zero field (5.2.3)
            s2 = c1; // echo (5.2.4)
        }
        return Buffer.buffer(1 + 2 * HandshakeDigest.PACKET_SIZE)
                .appendByte((byte) VERSION).appendBytes(s1).appendBytes(s2);
    }
}
