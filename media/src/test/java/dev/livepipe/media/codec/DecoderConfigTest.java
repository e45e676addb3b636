// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

import static dev.livepipe.media.codec.CodecFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderConfigTest {

    private static final byte[] AVCC = CodecFixtures.avcc(CodecFixtures.SPS_HIGH_1280X720,
            CodecFixtures.PPS_HIGH_1280X720);

    @Test
    void avccParsesWithCodecString() {
        AvcDecoderConfig c = AvcDecoderConfig.parse(AVCC);
        assertThat(c.lengthSize()).isEqualTo(4);
        assertThat(c.sps()).hasSize(1);
        assertThat(c.pps()).hasSize(1);
        assertThat(c.codecString()).isEqualTo("avc1.64001f");
        assertThat(c.firstSps().size()).isEqualTo(new PictureSize(1280, 720));
        assertThat(AvcDecoderConfig.parse(CodecFixtures.avcc(CodecFixtures.SPS_MAIN_640X360,
                CodecFixtures.PPS_HIGH_1280X720)).codecString()).isEqualTo("avc1.4d401e");
    }

    @Test
    void invalidAvccIsRefused() {
        byte[] zeroSps = {1, 0x64, 0, 0x1f, (byte) 0xFF, (byte) 0xE0, 0};
        assertThatThrownBy(() -> AvcDecoderConfig.parse(zeroSps)).hasMessageContaining("no SPS");
        assertThatThrownBy(() -> AvcDecoderConfig.parse(Arrays.copyOf(AVCC, 20))).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> AvcDecoderConfig.parse(Arrays.copyOf(AVCC, 5))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> AvcDecoderConfig.parse(Arrays.copyOf(AVCC, 6 + 2 + 26)))
                .hasMessageContaining("numOfPictureParameterSets");
        byte[] version2 = AVCC.clone();
        version2[0] = 2;
        assertThatThrownBy(() -> AvcDecoderConfig.parse(version2)).hasMessageContaining("configurationVersion 2");
        byte[] length3 = AVCC.clone();
        length3[4] = (byte) 0xFE;
        assertThatThrownBy(() -> AvcDecoderConfig.parse(length3)).hasMessageContaining("reserved");
        byte[] notSps = AVCC.clone();
        notSps[8] = 0x68;
        assertThatThrownBy(() -> AvcDecoderConfig.parse(notSps)).hasMessageContaining("not an SPS");
    }

    @Test
    void hvccParsesWithTheCodecStringFfmpegWrites() {
        HevcDecoderConfig c = HevcDecoderConfig.parse(CodecFixtures.hvcc());
        assertThat(c.lengthSize()).isEqualTo(4);
        assertThat(c.vps()).hasSize(1);
        assertThat(c.sps()).hasSize(1);
        assertThat(c.pps()).hasSize(1);
        assertThat(c.firstSps().size()).isEqualTo(new PictureSize(320, 240));
        assertThat(c.codecString()).isEqualTo("hvc1.1.6.L60.90");
    }

    @Test
    void hvccCodecStringOfHighTierMain10WithSecondConstraintNibble() {
        byte[] h = CodecFixtures.hvcc();
        h[1] = 0x22; // tier H, profile 2 (Main 10)
        h[2] = 0x20; // compatibility flag 2 only
        h[3] = h[4] = h[5] = 0;
        h[6] = (byte) 0xB0;
        h[7] = 0x30;
        h[12] = (byte) 153;
        assertThat(HevcDecoderConfig.parse(h).codecString()).isEqualTo("hvc1.2.4.H153.b0.3");
    }

    @Test
    void invalidHvccIsRefused() {
        byte[] h = CodecFixtures.hvcc();
        assertThatThrownBy(() -> HevcDecoderConfig.parse(Arrays.copyOf(h, 22))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> HevcDecoderConfig.parse(Arrays.copyOf(h, 40))).hasMessageContaining("does not fit");
        byte[] noSps = Arrays.copyOf(h, 23);
        noSps[22] = 0;
        assertThatThrownBy(() -> HevcDecoderConfig.parse(noSps)).hasMessageContaining("no SPS");
        byte[] v0 = h.clone();
        v0[0] = 0;
        assertThatThrownBy(() -> HevcDecoderConfig.parse(v0)).hasMessageContaining("configurationVersion");
    }

    @Test
    void audioSpecificConfig() {
        AudioSpecificConfig lc = AudioSpecificConfig.parse(hex("1190"));
        assertThat(lc.audioObjectType()).isEqualTo(2);
        assertThat(lc.sampleRate()).isEqualTo(48000);
        assertThat(lc.channels()).isEqualTo(2);
        assertThat(lc.codecString()).isEqualTo("mp4a.40.2");
        assertThat(AudioSpecificConfig.parse(hex("1210")).sampleRate()).isEqualTo(44100);
        // HE-AAC signalled explicitly: AOT 5, 22.05 kHz core, stereo
        assertThat(AudioSpecificConfig.parse(hex("2b920800")).codecString()).isEqualTo("mp4a.40.5");
        // escape: AOT 31 + 6 bits (42 = USAC): 11111 001010 0011 0010 ...
        assertThat(AudioSpecificConfig.parse(hex("f94640")).audioObjectType()).isEqualTo(42);
        // explicit frequency (index 15): AAC-LC, 22050 Hz in 24 bits, mono
        AudioSpecificConfig explicit = AudioSpecificConfig.parse(hex("17802b1108"));
        assertThat(explicit.sampleRate()).isEqualTo(22050);
        assertThat(explicit.channels()).isEqualTo(1);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("11"))).isInstanceOf(BitstreamException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("1690"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> AudioSpecificConfig.parse(hex("0190"))).hasMessageContaining("object type 0");
    }
}
