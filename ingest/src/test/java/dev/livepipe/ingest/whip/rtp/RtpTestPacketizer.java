// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A small test-side RTP packetizer for one SSRC: H.264 (RFC 6184 packetization-mode 1: single
 * NAL unit, STAP-A for small NAL units that fit together, FU-A above the MTU), VP8 (RFC 7741,
 * with a 15-bit PictureID), Opus (RFC 7587), RTX (RFC 4588) and sender reports (RFC 3550).
 * Reusable by load clients. Not thread-safe; every returned array is fresh.
 */
public final class RtpTestPacketizer {

    private final int payloadType;
    private final long ssrc;
    private final int mtu;
    private int seq;
    private int pictureId;

    /**
     * @param payloadType RTP payload type
     * @param ssrc        SSRC
     * @param firstSeq    first sequence number (use one near 65535 to exercise the wrap)
     * @param mtu         maximum RTP payload size
     */
    public RtpTestPacketizer(int payloadType, long ssrc, int firstSeq, int mtu) {
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.seq = firstSeq & 0xFFFF;
        this.mtu = mtu;
    }

    /** The packets of one H.264 access unit (NAL units without start codes); marker on the last. */
    public List<byte[]> h264(List<byte[]> nalus, long timestamp) {
        List<byte[]> payloads = new ArrayList<>();
        List<byte[]> stap = new ArrayList<>();
        int stapSize = 1;
        for (byte[] nal : nalus) {
            if (nal.length + 2 + stapSize <= mtu && nal.length < mtu / 2) {
                stap.add(nal);
                stapSize += 2 + nal.length;
                continue;
            }
            flushStap(stap, payloads);
            stapSize = 1;
            if (nal.length <= mtu) {
                payloads.add(nal.clone());
            } else {
                fuA(nal, payloads);
            }
        }
        flushStap(stap, payloads);
        return packets(payloads, timestamp);
    }

    private void flushStap(List<byte[]> stap, List<byte[]> payloads) {
        if (stap.size() == 1) {
            payloads.add(stap.get(0).clone());
        } else if (stap.size() > 1) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int nri = 0;
            for (byte[] n : stap) {
                nri = Math.max(nri, n[0] & 0x60);
            }
            b.write(nri | 24);
            for (byte[] n : stap) {
                b.write(n.length >> 8);
                b.write(n.length);
                b.writeBytes(n);
            }
            payloads.add(b.toByteArray());
        }
        stap.clear();
    }

    private void fuA(byte[] nal, List<byte[]> payloads) {
        int indicator = nal[0] & 0xE0 | 28;
        int type = nal[0] & 0x1F;
        int pos = 1;
        int chunk = mtu - 2;
        while (pos < nal.length) {
            int n = Math.min(chunk, nal.length - pos);
            byte[] p = new byte[2 + n];
            p[0] = (byte) indicator;
            p[1] = (byte) ((pos == 1 ? 0x80 : 0) | (pos + n == nal.length ? 0x40 : 0) | type);
            System.arraycopy(nal, pos, p, 2, n);
            payloads.add(p);
            pos += n;
        }
    }

    /** The packets of one VP8 frame (RFC 7741 §4.2 descriptor with X, I and a 15-bit PictureID). */
    public List<byte[]> vp8(byte[] frame, long timestamp) {
        List<byte[]> payloads = new ArrayList<>();
        int chunk = mtu - 4;
        for (int pos = 0; pos < frame.length; pos += chunk) {
            int n = Math.min(chunk, frame.length - pos);
            byte[] p = new byte[4 + n];
            p[0] = (byte) (0x80 | (pos == 0 ? 0x10 : 0)); // X, S, PID 0
            p[1] = (byte) 0x80; // I
            p[2] = (byte) (0x80 | (pictureId >> 8) & 0x7F); // M + PictureID
            p[3] = (byte) pictureId;
            System.arraycopy(frame, pos, p, 4, n);
            payloads.add(p);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        return packets(payloads, timestamp);
    }

    /** One Opus packet (RFC 7587 §4.2). */
    public byte[] opus(byte[] packet, long timestamp) {
        return packets(List.of(packet), timestamp).get(0);
    }

    /** The RTX packet (RFC 4588 §4) that retransmits {@code original} on {@code rtxPt}/{@code rtxSsrc}. */
    public static byte[] rtx(byte[] original, int rtxPt, long rtxSsrc, int rtxSeq) {
        RtpPacket p = RtpPacket.parse(original, 0, original.length);
        byte[] b = new byte[12 + 2 + p.payloadLength()];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((p.marker() ? 0x80 : 0) | rtxPt);
        put16(b, 2, rtxSeq);
        put32(b, 4, p.timestamp());
        put32(b, 8, rtxSsrc);
        put16(b, 12, p.sequenceNumber());
        System.arraycopy(p.buffer(), p.payloadOffset(), b, 14, p.payloadLength());
        return b;
    }

    /** A sender report (RFC 3550 §6.4.1) without report blocks. */
    public static byte[] senderReport(long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        byte[] b = new byte[28];
        b[0] = (byte) 0x80;
        b[1] = (byte) 200;
        put16(b, 2, 6);
        put32(b, 4, ssrc);
        put32(b, 8, ntp >>> 32);
        put32(b, 12, ntp);
        put32(b, 16, rtpTimestamp);
        put32(b, 20, packets);
        put32(b, 24, octets);
        return b;
    }

    /** NTP timestamp (RFC 5905 format) of a Unix time in microseconds. */
    public static long ntp(long unixMicros) {
        long seconds = unixMicros / 1_000_000L + 2_208_988_800L;
        long fraction = ((unixMicros % 1_000_000L) << 32) / 1_000_000L;
        return seconds << 32 | fraction;
    }

    private List<byte[]> packets(List<byte[]> payloads, long timestamp) {
        List<byte[]> out = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            byte[] p = payloads.get(i);
            byte[] b = new byte[12 + p.length];
            b[0] = (byte) 0x80;
            b[1] = (byte) ((i == payloads.size() - 1 ? 0x80 : 0) | payloadType);
            put16(b, 2, seq);
            put32(b, 4, timestamp);
            put32(b, 8, ssrc);
            System.arraycopy(p, 0, b, 12, p.length);
            out.add(b);
            seq = (seq + 1) & 0xFFFF;
        }
        return out;
    }

    private static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >> 8);
        b[p + 1] = (byte) v;
    }

    private static void put32(byte[] b, int p, long v) {
        b[p] = (byte) (v >> 24);
        b[p + 1] = (byte) (v >> 16);
        b[p + 2] = (byte) (v >> 8);
        b[p + 3] = (byte) v;
    }
}
