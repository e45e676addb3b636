// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtcpTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void parsesACompoundOfSenderReportSdesAndBye() {
        byte[] b = hex(
                // SR, RC=1, length 12 words: ssrc, NTP, RTP, packets, octets, one report block
                "81 C8 000C 11223344 E1234567 80000000 00015F90 00000064 00002710"
                + " 55667788 10 FFFFFE 00010005 00000020 12345678 00010000"
                // SDES, one chunk, CNAME "abc", END, padding to 32 bits
                + " 81 CA 0003 11223344 01 03 616263 00 0000"
                // BYE with reason "x"
                + " 81 CB 0002 11223344 01 78 0000");
        List<RtcpPacket> packets = RtcpParser.parse(b, 0, b.length);
        assertThat(packets).hasSize(3);
        RtcpPacket.SenderReport sr = (RtcpPacket.SenderReport) packets.get(0);
        assertThat(sr.ssrc()).isEqualTo(0x11223344L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xE123456780000000L);
        assertThat(sr.compactNtp()).isEqualTo(0x45678000L);
        assertThat(sr.rtpTimestamp()).isEqualTo(90_000);
        assertThat(sr.packetCount()).isEqualTo(100);
        assertThat(sr.octetCount()).isEqualTo(10_000);
        assertThat(sr.reports()).containsExactly(new ReportBlock(0x55667788L, 16, -2, 0x10005, 32, 0x12345678L, 65536));
        assertThat(packets.get(1)).isEqualTo(new RtcpPacket.Sdes(List.of(new RtcpPacket.SdesItem(0x11223344L, 1, "abc"))));
        assertThat(packets.get(2)).isEqualTo(new RtcpPacket.Bye(List.of(0x11223344L), "x"));
    }

    @Test
    void parsesFeedback() {
        byte[] b = hex(
                // Generic NACK: PID 100, BLP bits 0 and 15 → 100, 101, 116
                "81 CD 0003 00000001 00000002 0064 8001"
                // PLI
                + " 81 CE 0002 00000001 00000002"
                // FIR (RFC 5104 §4.3.1): one entry ssrc 2, seq 7
                + " 84 CE 0004 00000001 00000000 00000002 07000000"
                // REMB: 1 ssrc, exp 2, mantissa 0x3FFFF → 1 048 572 bps
                + " 8F CE 0005 00000001 00000000 52454D42 01 0B FFFF 00000002"
                // transport-cc (RTPFB FMT 15) is left unknown
                + " 8F CD 0002 00000001 00000002");
        List<RtcpPacket> p = RtcpParser.parse(b, 0, b.length);
        assertThat(p.get(0)).isEqualTo(new RtcpPacket.Nack(1, 2, List.of(100, 101, 116)));
        assertThat(p.get(1)).isEqualTo(new RtcpPacket.Pli(1, 2));
        RtcpPacket.Fir fir = (RtcpPacket.Fir) p.get(2);
        assertThat(fir.entries()).hasSize(1);
        assertThat(fir.entries().get(0)).containsExactly(2, 7);
        assertThat(p.get(3)).isEqualTo(new RtcpPacket.Remb(1, 0x3FFFFL << 2, List.of(2L)));
        assertThat(p.get(4)).isEqualTo(new RtcpPacket.Unknown(205, 15, 12));
    }

    @Test
    void writesReceiverReportsThatParseBack() {
        ReportBlock block = new ReportBlock(0xCAFEBABEL, 25, 1234, 70_000, 321, 0xABCD0000L, 5000);
        byte[] rr = RtcpWriter.receiverReport(0x01020304L, List.of(block));
        assertThat(HexFormat.of().formatHex(rr, 0, 8)).isEqualTo("81c9000701020304");
        assertThat(RtcpParser.parse(rr, 0, rr.length))
                .containsExactly(new RtcpPacket.ReceiverReport(0x01020304L, List.of(block)));
    }

    @Test
    void writesNackPliFirRembAndSdes() {
        List<byte[]> nacks = RtcpWriter.nack(1, 2, List.of(65535, 0, 2, 40));
        assertThat(nacks).hasSize(1);
        // 65535 with BLP bits for 0 (d=1) and 2 (d=3): 0x0005; then 40 alone
        assertThat(HexFormat.of().formatHex(nacks.get(0))).isEqualTo("81cd00040000000100000002ffff000500280000");
        assertThat(RtcpParser.parse(nacks.get(0), 0, nacks.get(0).length))
                .containsExactly(new RtcpPacket.Nack(1, 2, List.of(65535, 0, 2, 40)));

        assertThat(HexFormat.of().formatHex(RtcpWriter.pli(1, 2))).isEqualTo("81ce00020000000100000002");

        byte[] remb = RtcpWriter.remb(1, 6_000_000, List.of(2L, 3L));
        // 6 000 000 = 187 500 << 5: exp 5, mantissa 0x2DC6C
        assertThat(HexFormat.of().formatHex(remb))
                .isEqualTo("8fce0006000000010000000052454d420216dc6c0000000200000003");
        RtcpPacket.Remb parsed = (RtcpPacket.Remb) RtcpParser.parse(remb, 0, remb.length).get(0);
        assertThat(parsed.bitrateBps()).isEqualTo(6_000_000);
        assertThat(parsed.ssrcs()).containsExactly(2L, 3L);

        byte[] fir = RtcpWriter.fir(1, 2, 9);
        RtcpPacket.Fir f = (RtcpPacket.Fir) RtcpParser.parse(fir, 0, fir.length).get(0);
        assertThat(f.entries().get(0)).containsExactly(2, 9);

        byte[] sdes = RtcpWriter.sdesCname(7, "livepipe");
        assertThat(sdes.length % 4).isZero();
        assertThat(RtcpParser.parse(sdes, 0, sdes.length))
                .containsExactly(new RtcpPacket.Sdes(List.of(new RtcpPacket.SdesItem(7, 1, "livepipe"))));
    }

    @Test
    void largeNackListsSplitIntoSeveralPackets() {
        List<Integer> lost = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            lost.add(i * 20);
        }
        List<byte[]> packets = RtcpWriter.nack(1, 2, lost);
        assertThat(packets).hasSize(4);
        List<Integer> back = new java.util.ArrayList<>();
        for (byte[] p : packets) {
            back.addAll(((RtcpPacket.Nack) RtcpParser.parse(p, 0, p.length).get(0)).lostSequenceNumbers());
        }
        assertThat(back).containsExactlyElementsOf(lost);
    }

    @Test
    void rejectsTruncatedPackets() {
        byte[] b = hex("81 C8 000C 11223344");
        assertThatThrownBy(() -> RtcpParser.parse(b, 0, b.length)).isInstanceOf(RtpException.class);
        byte[] shortSr = hex("81 C8 0001 11223344");
        assertThatThrownBy(() -> RtcpParser.parse(shortSr, 0, shortSr.length)).isInstanceOf(RtpException.class);
        byte[] v1 = hex("41 C9 0001 11223344");
        assertThatThrownBy(() -> RtcpParser.parse(v1, 0, v1.length)).isInstanceOf(RtpException.class);
    }
}
