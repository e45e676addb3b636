// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds the RTCP packets a receiver sends: RR with report blocks (RFC 3550 §6.4.2), SDES CNAME
 * (§6.5.1), generic NACK (RFC 4585 §6.2.1), PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1) and REMB
 * (draft-alvestrand-rmcat-remb-03 §2.2), and concatenates them into compound packets (§6.1).
 * Every method returns a fresh array the caller owns. Stateless and thread-safe.
 */
public final class RtcpWriter {

    /** Most report blocks one RR can carry (5-bit count). */
    public static final int MAX_REPORT_BLOCKS = 31;
    /** Most PID/BLP pairs written into one NACK packet; more lost packets go into later ones. */
    static final int MAX_NACK_PAIRS = 64;

    private RtcpWriter() {
    }

    /** An RR from {@code senderSsrc} with up to 31 report blocks (RFC 3550 §6.4.2). */
    public static byte[] receiverReport(long senderSsrc, List<ReportBlock> blocks) {
        if (blocks.size() > MAX_REPORT_BLOCKS) {
            throw new IllegalArgumentException("more than 31 report blocks");
        }
        byte[] b = new byte[8 + ReportBlock.SIZE * blocks.size()];
        header(b, blocks.size(), RtcpPacket.RR);
        put32(b, 4, senderSsrc);
        for (int i = 0; i < blocks.size(); i++) {
            blocks.get(i).write(b, 8 + i * ReportBlock.SIZE);
        }
        return b;
    }

    /** An SDES packet with one chunk holding the CNAME item (RFC 3550 §6.5.1). */
    public static byte[] sdesCname(long ssrc, String cname) {
        byte[] name = cname.getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) {
            throw new IllegalArgumentException("CNAME longer than 255 bytes");
        }
        int chunk = 4 + 2 + name.length + 1; // ssrc, type+len+value, END
        int padded = (chunk + 3) & ~3;
        byte[] b = new byte[4 + padded];
        header(b, 1, RtcpPacket.SDES);
        put32(b, 4, ssrc);
        b[8] = 1;
        b[9] = (byte) name.length;
        System.arraycopy(name, 0, b, 10, name.length);
        return b; // END item and padding are the zero bytes that follow
    }

    /**
     * Generic NACKs (RFC 4585 §6.2.1) for the 16-bit sequence numbers {@code lost}, packed into
     * PID/BLP pairs; returns one packet per {@value #MAX_NACK_PAIRS} pairs (usually one).
     */
    public static List<byte[]> nack(long senderSsrc, long mediaSsrc, Collection<Integer> lost) {
        List<int[]> pairs = new ArrayList<>();
        int[] cur = null;
        // Sort in wrap-aware order relative to the first item, so a run across 65535→0 stays together.
        List<Integer> seqs = new ArrayList<>(new TreeSet<>(lost));
        if (!seqs.isEmpty()) {
            int first = lost.iterator().next();
            seqs.sort((a, c) -> Integer.compare((a - first) & 0xFFFF, (c - first) & 0xFFFF));
        }
        for (int s : seqs) {
            int d = cur == null ? -1 : (s - cur[0]) & 0xFFFF;
            if (cur != null && d >= 1 && d <= 16) {
                cur[1] |= 1 << (d - 1);
            } else {
                cur = new int[] {s & 0xFFFF, 0};
                pairs.add(cur);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += MAX_NACK_PAIRS) {
            List<int[]> part = pairs.subList(i, Math.min(pairs.size(), i + MAX_NACK_PAIRS));
            byte[] b = new byte[12 + 4 * part.size()];
            header(b, 1, RtcpPacket.RTPFB);
            put32(b, 4, senderSsrc);
            put32(b, 8, mediaSsrc);
            for (int k = 0; k < part.size(); k++) {
                put16(b, 12 + 4 * k, part.get(k)[0]);
                put16(b, 14 + 4 * k, part.get(k)[1]);
            }
            out.add(b);
        }
        return out;
    }

    /** A picture loss indication (RFC 4585 §6.3.1). */
    public static byte[] pli(long senderSsrc, long mediaSsrc) {
        byte[] b = new byte[12];
        header(b, 1, RtcpPacket.PSFB);
        put32(b, 4, senderSsrc);
        put32(b, 8, mediaSsrc);
        return b;
    }

    /** A full intra request (RFC 5104 §4.3.1) with one entry; media SSRC field is 0 (§4.3.1.2). */
    public static byte[] fir(long senderSsrc, long mediaSsrc, int commandSeq) {
        byte[] b = new byte[20];
        header(b, 4, RtcpPacket.PSFB);
        put32(b, 4, senderSsrc);
        put32(b, 12, mediaSsrc);
        b[16] = (byte) commandSeq;
        return b;
    }

    /**
     * A REMB (draft-alvestrand-rmcat-remb-03 §2.2): bitrate as 6-bit exponent and 18-bit mantissa
     * (rounded down), applying to {@code ssrcs}.
     */
    public static byte[] remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) {
        if (bitrateBps < 0 || ssrcs.size() > 255) {
            throw new IllegalArgumentException("bad REMB");
        }
        int exp = 0;
        long mantissa = bitrateBps;
        while (mantissa >= (1 << 18)) {
            mantissa >>= 1;
            exp++;
        }
        byte[] b = new byte[20 + 4 * ssrcs.size()];
        header(b, 15, RtcpPacket.PSFB);
        put32(b, 4, senderSsrc);
        // media source SSRC is 0 (§2.2)
        b[12] = 'R';
        b[13] = 'E';
        b[14] = 'M';
        b[15] = 'B';
        b[16] = (byte) ssrcs.size();
        b[17] = (byte) (exp << 2 | (int) (mantissa >> 16));
        b[18] = (byte) (mantissa >> 8);
        b[19] = (byte) mantissa;
        for (int i = 0; i < ssrcs.size(); i++) {
            put32(b, 20 + 4 * i, ssrcs.get(i));
        }
        return b;
    }

    /** Concatenates packets into one compound packet (RFC 3550 §6.1). */
    public static byte[] compound(List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Writes V=2, no padding, the count/format, the packet type and the length of {@code b}. */
    private static void header(byte[] b, int countOrFormat, int packetType) {
        b[0] = (byte) (0x80 | countOrFormat);
        b[1] = (byte) packetType;
        put16(b, 2, b.length / 4 - 1);
    }

    static void put16(byte[] b, int p, int v) {
        b[p] = (byte) (v >> 8);
        b[p + 1] = (byte) v;
    }

    static void put32(byte[] b, int p, long v) {
        b[p] = (byte) (v >> 24);
        b[p + 1] = (byte) (v >> 16);
        b[p + 2] = (byte) (v >> 8);
        b[p + 3] = (byte) v;
    }
}
