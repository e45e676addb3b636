// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 6381 codec strings for playlists: the edge's string, else one derived from the config. */
class CodecStringsTest {

    /** x264 High@3.1 1280x720 SPS and its PPS, wrapped in an avcC. */
    private static byte[] avcC() {
        byte[] sps = HexFormat.of().parseHex("6764001facd9405005bb0110000003001000000303c0f1831960");
        byte[] pps = HexFormat.of().parseHex("68ebe3cb22c0");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {1, sps[1], sps[2], sps[3], (byte) 0xff, (byte) 0xe1, 0, (byte) sps.length});
        o.writeBytes(sps);
        o.writeBytes(new byte[] {1, 0, (byte) pps.length});
        o.writeBytes(pps);
        return o.toByteArray();
    }

    @Test
    void edgeStringWinsOverDerivation() {
        Track t = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(avcC()), 1280, 720, 0, 0, "avc1.4d401e");
        assertThat(CodecStrings.of(t)).isEqualTo("avc1.4d401e");
    }

    @Test
    void derivedFromTheConfigurationWhenTheEdgeGaveNone() {
        Track video = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(avcC()), 1280, 720, 0, 0, "");
        assertThat(CodecStrings.of(video)).isEqualTo("avc1.64001f");
        Track audio = new Track(1, Codec.AAC, 48000, new CodecConfig.AudioSpecific(new byte[] {0x11, (byte) 0x90}),
                0, 0, 48000, 2, "");
        assertThat(CodecStrings.of(audio)).isEqualTo("mp4a.40.2");
    }

    @Test
    void aBrokenConfigurationFallsBackToTheBareCodec() {
        Track video = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(new byte[] {1, 2}), 2, 2, 0, 0, "");
        assertThat(CodecStrings.of(video)).isEqualTo("avc1");
    }
}
