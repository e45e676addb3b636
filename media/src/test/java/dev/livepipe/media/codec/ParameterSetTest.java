// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

import static dev.livepipe.media.codec.CodecFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterSetTest {

    @Test
    void h264High1280x720() {
        H264Sps sps = H264Sps.parse(CodecFixtures.SPS_HIGH_1280X720);
        assertThat(sps.profileIdc()).isEqualTo(100);
        assertThat(sps.levelIdc()).isEqualTo(31);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertThat(sps.size()).isEqualTo(new PictureSize(1280, 720));
    }

    @Test
    void h264Main640x360WithCropping() {
        H264Sps sps = H264Sps.parse(CodecFixtures.SPS_MAIN_640X360);
        assertThat(sps.profileIdc()).isEqualTo(77);
        assertThat(sps.size()).isEqualTo(new PictureSize(640, 360));
    }

    @Test
    void h264High444WithScalingMatrices() {
        H264Sps sps = H264Sps.parse(CodecFixtures.SPS_HIGH444_640X360);
        assertThat(sps.profileIdc()).isEqualTo(244);
        assertThat(sps.chromaFormatIdc()).isEqualTo(3);
        assertThat(sps.size()).isEqualTo(new PictureSize(640, 360));
    }

    @Test
    void h264SpsErrors() {
        assertThatThrownBy(() -> H264Sps.parse(CodecFixtures.PPS_HIGH_1280X720))
                .isInstanceOf(BitstreamException.class).hasMessageContaining("not an H.264 SPS");
        byte[] truncated = java.util.Arrays.copyOf(CodecFixtures.SPS_HIGH_1280X720, 8);
        assertThatThrownBy(() -> H264Sps.parse(truncated)).isInstanceOf(BitstreamException.class);
    }

    @Test
    void hevcSps320x240AndConformanceWindow() {
        HevcSps a = HevcSps.parse(CodecFixtures.HEVC_SPS_320X240);
        assertThat(a.generalProfileIdc()).isEqualTo(1);
        assertThat(a.generalTierFlag()).isFalse();
        assertThat(a.generalLevelIdc()).isEqualTo(60);
        assertThat(a.size()).isEqualTo(new PictureSize(320, 240));
        assertThat(HevcSps.parse(CodecFixtures.HEVC_SPS_426X240).size()).isEqualTo(new PictureSize(426, 240));
        assertThatThrownBy(() -> HevcSps.parse(CodecFixtures.HEVC_VPS_320X240)).isInstanceOf(BitstreamException.class);
    }

    @Test
    void emulationPreventionBytesAreRemoved() {
        BitReader r = BitReader.fromNal(hex("00000301000003"), 0);
        assertThat(r.bitsLeft()).isEqualTo(40);
        assertThat(r.u(32)).isEqualTo(0x00000100L);
        assertThat(r.u(8)).isZero();
    }

    @Test
    void expGolomb() {
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0,1,2,3,4 ; se of 1,2,3,4 = 1,-1,2,-2
        BitReader r = new BitReader(hex("a6428a"));
        assertThat(r.ue()).isZero();
        assertThat(r.ue()).isEqualTo(1);
        assertThat(r.ue()).isEqualTo(2);
        assertThat(r.ue()).isEqualTo(3);
        BitReader s = new BitReader(hex("4c4000"));
        assertThat(s.se()).isEqualTo(1);
        assertThat(s.se()).isEqualTo(-1);
        assertThatThrownBy(() -> new BitReader(new byte[5]).ue()).isInstanceOf(BitstreamException.class);
    }
}
