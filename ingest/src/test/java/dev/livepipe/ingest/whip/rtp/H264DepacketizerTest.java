// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class H264DepacketizerTest {

    private final List<DepacketizedFrame> frames = new ArrayList<>();
    private final List<String> keyframeRequests = new ArrayList<>();
    private final H264Depacketizer depacketizer = new H264Depacketizer(new Depacketizer.Sink() {
        @Override
        public void frame(DepacketizedFrame frame) {
            frames.add(frame);
        }

        @Override
        public void keyframeNeeded(String reason) {
            keyframeRequests.add(reason);
        }
    });

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private void feed(String header, String payload) {
        byte[] b = hex(header + payload);
        depacketizer.packet(RtpPacket.parse(b, 0, b.length), 1);
    }

    @Test
    void singleNalUnitPackets() {
        feed("80 66 0001 00000BB8 00000001", "65 88 84 00"); // IDR slice, marker unset
        feed("80 E6 0002 00000BB8 00000001", "65 88 84 01"); // second slice, marker set
        assertThat(frames).hasSize(1);
        DepacketizedFrame f = frames.get(0);
        assertThat(f.keyframe()).isTrue();
        assertThat(f.rtpTimestamp()).isEqualTo(3000);
        assertThat(f.parts()).hasSize(2);
        assertThat(f.parts().get(1)).containsExactly(hex("65888401"));
    }

    @Test
    void stapAWithSpsPpsAndIdr() {
        // RFC 6184 §5.7.1: STAP-A header (NRI 3, type 24), then size+NAL for SPS, PPS, IDR
        feed("80 E6 0001 00000000 00000001",
                "78 0004 67420029 0003 68CE38 0003 658880");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).parts()).extracting(p -> p[0] & 0x1F).containsExactly(7, 8, 5);
        assertThat(frames.get(0).keyframe()).isTrue();
    }

    @Test
    void fuAReassemblesOneNalUnit() {
        // RFC 6184 §5.8: FU indicator (NRI 3, type 28), FU header S/E + type 5
        feed("80 66 0001 00000000 00000001", "7C 85 AAAA");
        feed("80 66 0002 00000000 00000001", "7C 05 BBBB");
        feed("80 E6 0003 00000000 00000001", "7C 45 CC");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).parts().get(0)).containsExactly(hex("65 AAAA BBBB CC"));
    }

    @Test
    void timestampChangeEndsAnAccessUnitWithoutMarker() {
        feed("80 66 0001 00000000 00000001", "65 01");
        feed("80 66 0002 00000BB8 00000001", "41 02");
        assertThat(frames).hasSize(1);
        feed("80 E6 0003 00000BB8 00000001", "41 03");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1).keyframe()).isFalse();
    }

    @Test
    void lossInsideAFuADropsTheAccessUnitAndAsksForAKeyframe() {
        feed("80 66 0001 00000000 00000001", "7C 85 AAAA");
        depacketizer.gap(); // packet 2 lost for good
        feed("80 E6 0003 00000000 00000001", "7C 45 CC");
        assertThat(frames).isEmpty();
        assertThat(keyframeRequests).isNotEmpty();
        // A following P frame is dropped too (its reference is gone); the next IDR resumes output.
        feed("80 E6 0004 00000BB8 00000001", "41 9A");
        assertThat(frames).isEmpty();
        feed("80 E6 0005 00001770 00000001", "65 88");
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(depacketizer.framesDropped()).isEqualTo(2);
    }

    @Test
    void fuAWithoutItsStartIsDropped() {
        feed("80 66 0001 00000000 00000001", "65 88"); // IDR so output has started
        feed("80 E6 0002 00000000 00000001", "65 89");
        feed("80 E6 0003 00000BB8 00000001", "7C 45 CC"); // end fragment only
        assertThat(frames).hasSize(1);
        assertThat(keyframeRequests).hasSize(1);
    }

    @Test
    void outputStartsAtTheFirstIdr() {
        feed("80 E6 0001 00000000 00000001", "41 9A");
        assertThat(frames).isEmpty();
        assertThat(keyframeRequests).containsExactly("waiting for an IDR");
        feed("80 E6 0002 00000BB8 00000001", "65 88");
        assertThat(frames).hasSize(1);
    }

    @Test
    void malformedStapADropsTheAccessUnit() {
        feed("80 E6 0001 00000000 00000001", "78 0010 6742");
        assertThat(frames).isEmpty();
        assertThat(depacketizer.framesDropped()).isEqualTo(1);
    }
}
