// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void parsesTheFixedHeader() {
        // V=2, M=1, PT=96, seq=0xABCD, ts=0x01020304, ssrc=0xDEADBEEF, payload 01 02 03
        byte[] b = hex("80 E0 ABCD 01020304 DEADBEEF 010203");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.marker()).isTrue();
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.sequenceNumber()).isEqualTo(0xABCD);
        assertThat(p.timestamp()).isEqualTo(0x01020304L);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(p.payloadCopy()).containsExactly(1, 2, 3);
        assertThat(p.extension(1)).isNull();
    }

    @Test
    void skipsCsrcsAndPaddingAndWorksAtAnOffset() {
        // P=1, CC=2, two CSRCs, payload AA BB, then 3 padding bytes (last one says 3)
        byte[] b = hex("FFFF A2 60 0001 00000000 00000001 00000011 00000022 AABB 000003");
        RtpPacket p = RtpPacket.parse(b, 2, b.length - 2);
        assertThat(p.csrcCount()).isEqualTo(2);
        assertThat(p.csrc(1)).isEqualTo(0x22);
        assertThat(p.hasPadding()).isTrue();
        assertThat(p.payloadCopy()).containsExactly(0xAA, 0xBB);
    }

    @Test
    void findsOneByteHeaderExtensions() {
        // RFC 8285 §4.2: id 1 with 1 byte, a padding byte, id 3 with 5 bytes, padding to 3 words
        byte[] b = hex("90 6F 0001 00000000 00000001 BEDE 0003 10AA 00 34 0102030405 000000 CC");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(p.extension(1)).containsExactly(0xAA);
        assertThat(p.extension(3)).containsExactly(1, 2, 3, 4, 5);
        assertThat(p.extension(2)).isNull();
        assertThat(p.payloadCopy()).containsExactly(0xCC);
    }

    @Test
    void findsTwoByteHeaderExtensions() {
        // RFC 8285 §4.3: profile 0x100 + appbits, id 1 len 0, id 20 len 3
        byte[] b = hex("90 6F 0001 00000000 00000001 1000 0002 0100 1403 0A0B0C 00 DD");
        RtpPacket p = RtpPacket.parse(b, 0, b.length);
        assertThat(p.extension(1)).isEmpty();
        assertThat(p.extension(20)).containsExactly(0x0A, 0x0B, 0x0C);
        assertThat(p.payloadCopy()).containsExactly(0xDD);
    }

    @Test
    void copyOwnsItsBytes() {
        byte[] b = hex("80 60 0001 00000002 00000003 0102");
        RtpPacket view = RtpPacket.parse(b, 0, b.length);
        RtpPacket copy = view.copy();
        b[12] = 9;
        assertThat(view.payloadByte(0)).isEqualTo(9);
        assertThat(copy.payloadByte(0)).isEqualTo(1);
    }

    @Test
    void rejectsMalformedPackets() {
        assertThatThrownBy(() -> RtpPacket.parse(hex("80 60 0001"), 0, 3)).isInstanceOf(RtpException.class);
        byte[] v1 = hex("40 60 0001 00000000 00000001");
        assertThatThrownBy(() -> RtpPacket.parse(v1, 0, v1.length)).isInstanceOf(RtpException.class);
        byte[] cc = hex("8F 60 0001 00000000 00000001");
        assertThatThrownBy(() -> RtpPacket.parse(cc, 0, cc.length)).isInstanceOf(RtpException.class);
        byte[] ext = hex("90 60 0001 00000000 00000001 BEDE 0005 00000000");
        assertThatThrownBy(() -> RtpPacket.parse(ext, 0, ext.length)).isInstanceOf(RtpException.class);
        byte[] pad = hex("A0 60 0001 00000000 00000001 0102 FF");
        assertThatThrownBy(() -> RtpPacket.parse(pad, 0, pad.length)).isInstanceOf(RtpException.class);
    }
}
