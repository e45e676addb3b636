// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 6381 codec strings derived from decoder configuration records. */
class CodecStringsTest {

    @Test
    void avcFromAvcC() {
        assertThat(CodecStrings.avc(new byte[] {1, 0x64, 0x00, 0x1f, (byte) 0xff})).isEqualTo("avc1.64001f");
        assertThat(CodecStrings.avc(new byte[] {1, 0x42, (byte) 0xc0, 0x1e})).isEqualTo("avc1.42c01e");
    }

    @Test
    void hevcFromHvcC() {
        // Main profile, main tier, level 3.1 (93), compat flags 0x60000000, constraint byte 0x90.
        byte[] hvcC = HexFormat.of().parseHex("01016000000090000000000000");
        hvcC[12] = 93;
        assertThat(CodecStrings.hevc(hvcC)).isEqualTo("hvc1.1.6.L93.90");
        // Main 10, high tier, level 5.1 (153), compat flags 0x20000000, no constraints.
        byte[] main10 = HexFormat.of().parseHex("01220000000000000000000099");
        main10[2] = 0x20;
        assertThat(CodecStrings.hevc(main10)).isEqualTo("hvc1.2.4.H153");
    }

    @Test
    void aacFromAudioSpecificConfig() {
        assertThat(CodecStrings.aac(new byte[] {0x11, (byte) 0x90})).isEqualTo("mp4a.40.2"); // AAC-LC 48 kHz
        assertThat(CodecStrings.aac(new byte[] {0x2b, (byte) 0x92})).isEqualTo("mp4a.40.5"); // HE-AAC
        assertThat(CodecStrings.aac(new byte[] {(byte) 0xf8, (byte) 0xe0})).isEqualTo("mp4a.40.39"); // escape: 32+7
    }

    @Test
    void edgeStringWinsOverDerivation() {
        Track t = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(new byte[] {1, 0x64, 0, 0x1f}), 2, 2, 0, 0,
                "avc1.4d401e");
        assertThat(CodecStrings.of(t)).isEqualTo("avc1.4d401e");
        Track derived = new Track(0, Codec.H264, 1000, t.config(), 2, 2, 0, 0, "");
        assertThat(CodecStrings.of(derived)).isEqualTo("avc1.64001f");
    }
}
