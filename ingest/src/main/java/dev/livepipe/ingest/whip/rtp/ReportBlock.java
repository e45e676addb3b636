// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1).
 *
 * @param ssrc              the source reported on (unsigned 32 bits)
 * @param fractionLost      fraction lost since the previous report, in 1/256 (0..255)
 * @param cumulativeLost    cumulative number of packets lost (signed 24 bits)
 * @param extendedHighestSeq extended highest sequence number received (unsigned 32 bits)
 * @param jitter            interarrival jitter in timestamp units (unsigned 32 bits)
 * @param lastSr            middle 32 bits of the last SR's NTP timestamp (LSR), 0 if none
 * @param delaySinceLastSr  delay since that SR in 1/65536 s (DLSR), 0 if none
 */
public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSeq,
                          long jitter, long lastSr, long delaySinceLastSr) {

    static final int SIZE = 24;

    static ReportBlock read(byte[] b, int p) {
        int lost = (b[p + 5] & 0xFF) << 16 | (b[p + 6] & 0xFF) << 8 | b[p + 7] & 0xFF;
        if ((lost & 0x800000) != 0) {
            lost |= 0xFF000000; // sign-extend 24 bits
        }
        return new ReportBlock(RtpPacket.u32(b, p), b[p + 4] & 0xFF, lost, RtpPacket.u32(b, p + 8),
                RtpPacket.u32(b, p + 12), RtpPacket.u32(b, p + 16), RtpPacket.u32(b, p + 20));
    }

    void write(byte[] b, int p) {
        RtcpWriter.put32(b, p, ssrc);
        b[p + 4] = (byte) fractionLost;
        int lost = Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost)); // clamp (§6.4.1)
        b[p + 5] = (byte) (lost >> 16);
        b[p + 6] = (byte) (lost >> 8);
        b[p + 7] = (byte) lost;
        RtcpWriter.put32(b, p + 8, extendedHighestSeq);
        RtcpWriter.put32(b, p + 12, jitter);
        RtcpWriter.put32(b, p + 16, lastSr);
        RtcpWriter.put32(b, p + 20, delaySinceLastSr);
    }
}
