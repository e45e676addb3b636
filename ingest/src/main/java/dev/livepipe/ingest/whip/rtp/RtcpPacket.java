// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.List;

/**
 * One RTCP packet of a compound packet, as {@link RtcpParser} reads it and {@link RtcpWriter}
 * writes it. SSRCs, NTP and RTP timestamps are unsigned values held in {@code long}s. Records own
 * copies of everything they hold (no view of the network buffer).
 */
public sealed interface RtcpPacket {

    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;
    int RTPFB = 205;
    int PSFB = 206;

    /**
     * Sender report (RFC 3550 §6.4.1).
     *
     * @param ssrc         the sender
     * @param ntpTimestamp 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in the low)
     * @param rtpTimestamp the RTP timestamp of the same instant
     * @param packetCount  sender's packet count
     * @param octetCount   sender's payload octet count
     * @param reports      reception report blocks
     */
    record SenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount, long octetCount,
                        List<ReportBlock> reports) implements RtcpPacket {
        public SenderReport { reports = List.copyOf(reports); }

        /** The middle 32 bits of the NTP timestamp, as the LSR field of a report wants them. */
        public long compactNtp() { return (ntpTimestamp >>> 16) & 0xFFFFFFFFL; }
    }

    /** Receiver report (RFC 3550 §6.4.2). */
    record ReceiverReport(long ssrc, List<ReportBlock> reports) implements RtcpPacket {
        public ReceiverReport { reports = List.copyOf(reports); }
    }

    /** Source description (RFC 3550 §6.5): one entry per SDES item. */
    record Sdes(List<SdesItem> items) implements RtcpPacket {
        public Sdes { items = List.copyOf(items); }
    }

    /** One SDES item: type 1 is CNAME. */
    record SdesItem(long ssrc, int type, String value) { }

    /** Goodbye (RFC 3550 §6.6); the reason is empty when absent. */
    record Bye(List<Long> ssrcs, String reason) implements RtcpPacket {
        public Bye { ssrcs = List.copyOf(ssrcs); }
    }

    /** Generic NACK (RFC 4585 §6.2.1), the PID/BLP pairs expanded into sequence numbers. */
    record Nack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers) implements RtcpPacket {
        public Nack { lostSequenceNumbers = List.copyOf(lostSequenceNumbers); }
    }

    /** Picture loss indication (RFC 4585 §6.3.1). */
    record Pli(long senderSsrc, long mediaSsrc) implements RtcpPacket { }

    /** Full intra request (RFC 5104 §4.3.1): one (ssrc, command sequence number) per entry. */
    record Fir(long senderSsrc, List<long[]> entries) implements RtcpPacket {
        public Fir { entries = List.copyOf(entries); }
    }

    /** Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2). */
    record Remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) implements RtcpPacket {
        public Remb { ssrcs = List.copyOf(ssrcs); }
    }

    /** Any other packet type or feedback format (for example transport-cc, RTPFB FMT 15), skipped. */
    record Unknown(int packetType, int format, int length) implements RtcpPacket { }
}
