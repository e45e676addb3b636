// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;

/**
 * The SRTP/SRTCP crypto state of one session (RFC 3711, RFC 7714): an inbound and an outbound
 * jitsi-srtp {@link SrtpContextFactory} built from the DTLS-SRTP keys, and per-SSRC crypto
 * contexts. An inbound context for a new SSRC is kept only after it authenticated a packet, and
 * at most {@code maxSsrcs} are kept, so forged SSRCs cannot grow the maps (jmt's
 * {@code cacheContextOnlyOnSuccessfulTransform}).
 *
 * <p>Thread-safe: inbound and outbound operations are serialized on separate locks (the inbound
 * side is normally confined to the session's serial worker anyway). Packets are transformed in
 * place; protection appends the tag (and the SRTCP index), so give {@link PacketBuffer}s tail
 * room. After {@link #close()} every operation returns {@link SrtpErrorStatus#FAIL}.
 */
public final class SrtpStreams implements AutoCloseable {
    /** Tail room protection needs at most: 16-byte tag + 4-byte SRTCP index. */
    public static final int MAX_OVERHEAD = 20;

    private final SrtpProfile profile;
    private final int maxSsrcs;
    private final SrtpContextFactory inbound;
    private final SrtpContextFactory outbound;
    private final Map<Integer, SrtpCryptoContext> rtpIn = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpIn = new HashMap<>();
    private final Map<Integer, SrtpCryptoContext> rtpOut = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> rtcpOut = new HashMap<>();
    private final Object inLock = new Object();
    private final Object outLock = new Object();
    private final SrtpCounters rtpCounters = new SrtpCounters();
    private final SrtpCounters rtcpCounters = new SrtpCounters();
    private boolean closed;

    /**
     * @param keys     the session's keys (not wiped here)
     * @param role     our DTLS role: the server decrypts with the client write key (RFC 5764 §4.2)
     * @param maxSsrcs bound on kept contexts per direction and kind
     */
    public SrtpStreams(SrtpKeys keys, DtlsRole role, int maxSsrcs, Logger logger) {
        this.profile = keys.profile;
        this.maxSsrcs = maxSsrcs;
        boolean server = role == DtlsRole.SERVER;
        this.inbound = new SrtpContextFactory(false, server ? keys.clientKey : keys.serverKey,
                server ? keys.clientSalt : keys.serverSalt, profile.srtpPolicy(), profile.srtcpPolicy(), logger);
        this.outbound = new SrtpContextFactory(true, server ? keys.serverKey : keys.clientKey,
                server ? keys.serverSalt : keys.clientSalt, profile.srtpPolicy(), profile.srtcpPolicy(), logger);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Inbound RTP results. */
    public SrtpCounters rtpCounters() {
        return rtpCounters;
    }

    /** Inbound RTCP results. */
    public SrtpCounters rtcpCounters() {
        return rtcpCounters;
    }

    /** Authenticates and decrypts one SRTP packet in place (RFC 3711 §3.3); SSRC at bytes 8..11. */
    public SrtpErrorStatus unprotectRtp(PacketBuffer pkt) {
        SrtpErrorStatus status = unprotectRtp0(pkt);
        rtpCounters.count(status);
        return status;
    }

    private SrtpErrorStatus unprotectRtp0(PacketBuffer pkt) {
        if (pkt.getLength() < 12) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        int ssrc = readInt(pkt, 8);
        synchronized (inLock) {
            if (closed) {
                return SrtpErrorStatus.FAIL;
            }
            try {
                SrtpCryptoContext ctx = rtpIn.get(ssrc);
                if (ctx != null) {
                    return ctx.reverseTransformPacket(pkt, false);
                }
                if (rtpIn.size() >= maxSsrcs) {
                    rtpCounters.countSsrcLimit();
                    return SrtpErrorStatus.FAIL;
                }
                ctx = inbound.deriveContext(ssrc, 0);
                SrtpErrorStatus status = ctx.reverseTransformPacket(pkt, false);
                if (status == SrtpErrorStatus.OK) {
                    rtpIn.put(ssrc, ctx);
                }
                return status;
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpErrorStatus.FAIL;
            }
        }
    }

    /** Authenticates and decrypts one SRTCP packet in place (RFC 3711 §3.4); sender SSRC at bytes 4..7. */
    public SrtpErrorStatus unprotectRtcp(PacketBuffer pkt) {
        SrtpErrorStatus status = unprotectRtcp0(pkt);
        rtcpCounters.count(status);
        return status;
    }

    private SrtpErrorStatus unprotectRtcp0(PacketBuffer pkt) {
        if (pkt.getLength() < 8 + 4 + profile.srtcpPolicy().getAuthTagLength()) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        int ssrc = readInt(pkt, 4);
        synchronized (inLock) {
            if (closed) {
                return SrtpErrorStatus.FAIL;
            }
            try {
                SrtcpCryptoContext ctx = rtcpIn.get(ssrc);
                if (ctx != null) {
                    return ctx.reverseTransformPacket(pkt);
                }
                if (rtcpIn.size() >= maxSsrcs) {
                    rtcpCounters.countSsrcLimit();
                    return SrtpErrorStatus.FAIL;
                }
                ctx = inbound.deriveControlContext(ssrc);
                SrtpErrorStatus status = ctx.reverseTransformPacket(pkt);
                if (status == SrtpErrorStatus.OK) {
                    rtcpIn.put(ssrc, ctx);
                }
                return status;
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpErrorStatus.FAIL;
            }
        }
    }

    /** Encrypts one RTP packet in place and appends the tag (used by test peers and loopback). */
    public SrtpErrorStatus protectRtp(PacketBuffer pkt) {
        if (pkt.getLength() < 12) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        int ssrc = readInt(pkt, 8);
        synchronized (outLock) {
            if (closed) {
                return SrtpErrorStatus.FAIL;
            }
            try {
                SrtpCryptoContext ctx = rtpOut.get(ssrc);
                if (ctx == null) {
                    if (rtpOut.size() >= maxSsrcs) {
                        return SrtpErrorStatus.FAIL;
                    }
                    ctx = outbound.deriveContext(ssrc, 0);
                    rtpOut.put(ssrc, ctx);
                }
                return ctx.transformPacket(pkt);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpErrorStatus.FAIL;
            }
        }
    }

    /** Encrypts one compound RTCP packet in place, appending index and tag (RFC 3711 §3.4). */
    public SrtpErrorStatus protectRtcp(PacketBuffer pkt) {
        if (pkt.getLength() < 8) {
            return SrtpErrorStatus.INVALID_PACKET;
        }
        int ssrc = readInt(pkt, 4);
        synchronized (outLock) {
            if (closed) {
                return SrtpErrorStatus.FAIL;
            }
            try {
                SrtcpCryptoContext ctx = rtcpOut.get(ssrc);
                if (ctx == null) {
                    if (rtcpOut.size() >= maxSsrcs) {
                        return SrtpErrorStatus.FAIL;
                    }
                    ctx = outbound.deriveControlContext(ssrc);
                    rtcpOut.put(ssrc, ctx);
                }
                return ctx.transformPacket(pkt);
            } catch (GeneralSecurityException | RuntimeException e) {
                return SrtpErrorStatus.FAIL;
            }
        }
    }

    /** Number of inbound SSRCs with an authenticated RTP context. */
    public int inboundRtpSsrcs() {
        synchronized (inLock) {
            return rtpIn.size();
        }
    }

    /** Zeroes the master keys and drops every context; idempotent. */
    @Override
    public void close() {
        synchronized (inLock) {
            synchronized (outLock) {
                if (closed) {
                    return;
                }
                closed = true;
                rtpIn.clear();
                rtcpIn.clear();
                rtpOut.clear();
                rtcpOut.clear();
                inbound.close();
                outbound.close();
            }
        }
    }

    private static int readInt(PacketBuffer p, int at) {
        byte[] b = p.getBuffer();
        int o = p.getOffset() + at;
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }
}
