// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class Vp8Test {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void parsesTheMinimalDescriptor() {
        Vp8Descriptor d = Vp8Descriptor.parse(hex("10 9D012A"), 0, 4);
        assertThat(d.start()).isTrue();
        assertThat(d.partitionId()).isZero();
        assertThat(d.beginsFrame()).isTrue();
        assertThat(d.pictureId()).isEqualTo(-1);
        assertThat(d.size()).isEqualTo(1);
    }

    @Test
    void parsesTheExtendedDescriptor() {
        // RFC 7741 §4.2: X=1 N=1 S=0 PID=1; I L T K; M=1 PictureID 0x1234; TL0PICIDX 5; TID 2 Y KEYIDX 3
        Vp8Descriptor d = Vp8Descriptor.parse(hex("A1 F0 9234 05 A3 00"), 0, 7);
        assertThat(d.nonReference()).isTrue();
        assertThat(d.start()).isFalse();
        assertThat(d.partitionId()).isEqualTo(1);
        assertThat(d.pictureId()).isEqualTo(0x1234);
        assertThat(d.tl0PicIdx()).isEqualTo(5);
        assertThat(d.temporalId()).isEqualTo(2);
        assertThat(d.layerSync()).isTrue();
        assertThat(d.keyIdx()).isEqualTo(3);
        assertThat(d.size()).isEqualTo(6);
        assertThat(Vp8Descriptor.parse(hex("80 80 7F"), 0, 3).pictureId()).isEqualTo(0x7F);
    }

    @Test
    void rejectsTruncatedDescriptors() {
        assertThatThrownBy(() -> Vp8Descriptor.parse(hex("80 80 80"), 0, 3)).isInstanceOf(RtpException.class);
        assertThatThrownBy(() -> Vp8Descriptor.parse(hex("80"), 0, 1)).isInstanceOf(RtpException.class);
    }

    @Test
    void joinsAFrameAndReadsTheKeyFrameBit() {
        List<DepacketizedFrame> frames = new ArrayList<>();
        List<String> requests = new ArrayList<>();
        Vp8Depacketizer d = new Vp8Depacketizer(new Depacketizer.Sink() {
            @Override public void frame(DepacketizedFrame f) { frames.add(f); }
            @Override public void keyframeNeeded(String reason) { requests.add(reason); }
        });
        RtpTestPacketizer packetizer = new RtpTestPacketizer(96, 1, 65534, 8);
        byte[] key = hex("5001009D012A 1122334455667788"); // P bit 0: key frame
        byte[] inter = hex("5101 00 AABBCCDD");           // P bit 1
        for (byte[] p : packetizer.vp8(key, 0)) {
            d.packet(RtpPacket.parse(p, 0, p.length), 0);
        }
        List<byte[]> interPackets = packetizer.vp8(inter, 3000);
        d.packet(RtpPacket.parse(interPackets.get(0), 0, interPackets.get(0).length), 0);
        d.gap();
        d.packet(RtpPacket.parse(interPackets.get(1), 0, interPackets.get(1).length), 0);
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(0).parts().get(0)).containsExactly(key);
        assertThat(requests).containsExactly("incomplete VP8 frame");
    }
}
