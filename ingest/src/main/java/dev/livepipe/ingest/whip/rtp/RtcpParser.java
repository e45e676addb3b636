// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads compound RTCP packets (RFC 3550 §6.1): SR, RR, SDES, BYE, RTPFB generic NACK
 * (RFC 4585 §6.2.1), PSFB PLI (RFC 4585 §6.3.1), FIR (RFC 5104 §4.3.1) and REMB
 * (draft-alvestrand-rmcat-remb); other types become {@link RtcpPacket.Unknown}.
 *
 * <p>Every length is checked against the slice before it is used; the result holds copies, so
 * the caller may reuse its buffer. Stateless and thread-safe.
 */
public final class RtcpParser {

    /** Upper bound on NACK entries expanded from one packet (each PID/BLP pair yields up to 17). */
    private static final int MAX_NACK_ITEMS = 4096;

    private RtcpParser() {
    }

    /**
     * Parses every packet of {@code buf[off, off+len)}.
     *
     * @throws RtpException if a header is not version 2 or a length field points past the end
     */
    public static List<RtcpPacket> parse(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("bad slice");
        }
        if (len < 4) {
            throw new RtpException("RTCP packet of " + len + " bytes");
        }
        List<RtcpPacket> out = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (p < end) {
            if (p + 4 > end) {
                throw new RtpException("RTCP header truncated");
            }
            int b0 = buf[p] & 0xFF;
            if (b0 >> 6 != 2) {
                throw new RtpException("RTCP version " + (b0 >> 6) + " != 2");
            }
            int count = b0 & 0x1F;
            int pt = buf[p + 1] & 0xFF;
            int size = (RtpPacket.u16(buf, p + 2) + 1) * 4;
            if (p + size > end) {
                throw new RtpException("RTCP packet type " + pt + " of " + size + " bytes does not fit");
            }
            int bodyEnd = p + size;
            if ((b0 & 0x20) != 0) {
                int pad = buf[bodyEnd - 1] & 0xFF;
                if (pad == 0 || pad > size - 4) {
                    throw new RtpException("RTCP padding of " + pad + " bytes is invalid");
                }
                bodyEnd -= pad;
            }
            out.add(one(buf, p + 4, bodyEnd, pt, count, size));
            p += size;
        }
        return out;
    }

    private static RtcpPacket one(byte[] b, int p, int end, int pt, int count, int size) {
        return switch (pt) {
            case RtcpPacket.SR -> {
                need(p, 24 + count * ReportBlock.SIZE, end, "SR");
                long ntp = RtpPacket.u32(b, p + 4) << 32 | RtpPacket.u32(b, p + 8);
                yield new RtcpPacket.SenderReport(RtpPacket.u32(b, p), ntp, RtpPacket.u32(b, p + 12),
                        RtpPacket.u32(b, p + 16), RtpPacket.u32(b, p + 20), blocks(b, p + 24, count));
            }
            case RtcpPacket.RR -> {
                need(p, 4 + count * ReportBlock.SIZE, end, "RR");
                yield new RtcpPacket.ReceiverReport(RtpPacket.u32(b, p), blocks(b, p + 4, count));
            }
            case RtcpPacket.SDES -> sdes(b, p, end, count);
            case RtcpPacket.BYE -> bye(b, p, end, count);
            case RtcpPacket.RTPFB -> count == 1 ? nack(b, p, end) : new RtcpPacket.Unknown(pt, count, size);
            case RtcpPacket.PSFB -> psfb(b, p, end, count, size);
            default -> new RtcpPacket.Unknown(pt, count, size);
        };
    }

    private static List<ReportBlock> blocks(byte[] b, int p, int count) {
        List<ReportBlock> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(ReportBlock.read(b, p + i * ReportBlock.SIZE));
        }
        return list;
    }

    private static RtcpPacket sdes(byte[] b, int p, int end, int count) {
        List<RtcpPacket.SdesItem> items = new ArrayList<>();
        int base = p; // chunks are 32-bit aligned relative to the packet (§6.5)
        for (int c = 0; c < count; c++) {
            need(p, 4, end, "SDES chunk");
            long ssrc = RtpPacket.u32(b, p);
            p += 4;
            while (true) {
                need(p, 1, end, "SDES item");
                int type = b[p] & 0xFF;
                if (type == 0) { // END: skip to the next 32-bit boundary (§6.5)
                    p++;
                    while (((p - base) & 3) != 0 && p < end) {
                        p++;
                    }
                    break;
                }
                need(p, 2, end, "SDES item");
                int n = b[p + 1] & 0xFF;
                need(p + 2, n, end, "SDES item value");
                items.add(new RtcpPacket.SdesItem(ssrc, type, new String(b, p + 2, n, StandardCharsets.UTF_8)));
                p += 2 + n;
            }
        }
        return new RtcpPacket.Sdes(items);
    }

    private static RtcpPacket bye(byte[] b, int p, int end, int count) {
        need(p, 4 * count, end, "BYE");
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(RtpPacket.u32(b, p + 4 * i));
        }
        p += 4 * count;
        String reason = "";
        if (p < end) {
            int n = b[p] & 0xFF;
            need(p + 1, n, end, "BYE reason");
            reason = new String(b, p + 1, n, StandardCharsets.UTF_8);
        }
        return new RtcpPacket.Bye(ssrcs, reason);
    }

    private static RtcpPacket nack(byte[] b, int p, int end) {
        need(p, 8, end, "NACK");
        List<Integer> lost = new ArrayList<>();
        for (int q = p + 8; q + 4 <= end && lost.size() < MAX_NACK_ITEMS; q += 4) {
            int pid = RtpPacket.u16(b, q);
            int blp = RtpPacket.u16(b, q + 2);
            lost.add(pid);
            for (int i = 0; i < 16; i++) {
                if ((blp & (1 << i)) != 0) {
                    lost.add((pid + i + 1) & 0xFFFF);
                }
            }
        }
        return new RtcpPacket.Nack(RtpPacket.u32(b, p), RtpPacket.u32(b, p + 4), lost);
    }

    private static RtcpPacket psfb(byte[] b, int p, int end, int fmt, int size) {
        need(p, 8, end, "PSFB");
        long sender = RtpPacket.u32(b, p);
        long media = RtpPacket.u32(b, p + 4);
        return switch (fmt) {
            case 1 -> new RtcpPacket.Pli(sender, media);
            case 4 -> {
                List<long[]> entries = new ArrayList<>();
                for (int q = p + 8; q + 8 <= end; q += 8) {
                    entries.add(new long[] {RtpPacket.u32(b, q), b[q + 4] & 0xFF});
                }
                yield new RtcpPacket.Fir(sender, entries);
            }
            case 15 -> remb(b, p, end, sender, size);
            default -> new RtcpPacket.Unknown(RtcpPacket.PSFB, fmt, size);
        };
    }

    private static RtcpPacket remb(byte[] b, int p, int end, long sender, int size) {
        // Application layer FB (RFC 4585 §6.4) with the unique identifier "REMB".
        if (end - p < 16 || b[p + 8] != 'R' || b[p + 9] != 'E' || b[p + 10] != 'M' || b[p + 11] != 'B') {
            return new RtcpPacket.Unknown(RtcpPacket.PSFB, 15, size);
        }
        int num = b[p + 12] & 0xFF;
        int exp = (b[p + 13] & 0xFF) >> 2;
        long mantissa = (long) (b[p + 13] & 0x03) << 16 | (b[p + 14] & 0xFF) << 8 | b[p + 15] & 0xFF;
        need(p + 16, 4 * num, end, "REMB SSRC list");
        List<Long> ssrcs = new ArrayList<>(num);
        for (int i = 0; i < num; i++) {
            ssrcs.add(RtpPacket.u32(b, p + 16 + 4 * i));
        }
        long bitrate = exp > 45 ? Long.MAX_VALUE : mantissa << exp; // 18-bit mantissa: no overflow below 2^63
        return new RtcpPacket.Remb(sender, bitrate, ssrcs);
    }

    private static void need(int p, int n, int end, String what) {
        if (n < 0 || p + n > end) {
            throw new RtpException("RTCP " + what + " truncated");
        }
    }
}
