// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Real parameter sets, produced with the ffmpeg CLI (libx264/libx265) from {@code testsrc2}:
 * {@code ffmpeg -f lavfi -i testsrc2=size=WxH -frames:v 1 -c:v libx264 -profile:v P -f h264 out}
 * and the SPS/PPS NAL units cut out of the Annex B stream.
 */
final class CodecFixtures {

    /** x264 High@3.1, 1280x720 (45 macroblock rows: no cropping). */
    static final byte[] SPS_HIGH_1280X720 = hex("6764001facd9405005bb0110000003001000000303c0f1831960");
    static final byte[] PPS_HIGH_1280X720 = hex("68ebe3cb22c0");
    /** x264 Main@3.0, 640x360 (coded 640x368, frame_crop_bottom_offset 4). */
    static final byte[] SPS_MAIN_640X360 = hex("674d401eeca05017fcb80880000003008000001e078b16cb");
    /** x264 High 4:4:4 Predictive@3.0, 640x360, chroma_format_idc 3, cqm=jvt. */
    static final byte[] SPS_HIGH444_640X360 = hex("67f4001e919b281405ff138088000003000800000301e078b16cb0");
    /** x265 Main@2.0, 320x240 (the testkit fixture). */
    static final byte[] HEVC_VPS_320X240 = hex("40010c01ffff01600000030090000003000003003c959809");
    static final byte[] HEVC_SPS_320X240 =
            hex("42010101600000030090000003000003003ca00a080f165959a4932bc05a020000030002000003003c10");
    static final byte[] HEVC_PPS_320X240 = hex("4401c172b46240");
    /** x265 Main@2.0, 426x240: coded 432 wide, conformance window right offset 3 (6 luma pixels). */
    static final byte[] HEVC_SPS_426X240 =
            hex("42010101600000030090000003000003003ca00d880f1c9e5959a4932bc05a020000030002000003003c10");

    private CodecFixtures() {
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    /** An avcC with one SPS and one PPS, as FFmpeg and OBS write it. */
    static byte[] avcc(byte[] sps, byte[] pps) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(1);
        o.write(sps[1]);
        o.write(sps[2]);
        o.write(sps[3]);
        o.write(0xFF); // lengthSizeMinusOne = 3
        o.write(0xE1); // one SPS
        o.write(sps.length >> 8);
        o.write(sps.length);
        o.writeBytes(sps);
        o.write(1);
        o.write(pps.length >> 8);
        o.write(pps.length);
        o.writeBytes(pps);
        return o.toByteArray();
    }

    /** The fixture's hvcC (as x265 + FFmpeg's mp4 muxer wrote it), without the SEI array. */
    static byte[] hvcc() {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(hex("0101600000009000000000003cf000fcfdf8f800000f03"));
        array(o, 0xA0, HEVC_VPS_320X240);
        array(o, 0xA1, HEVC_SPS_320X240);
        array(o, 0xA2, HEVC_PPS_320X240);
        return o.toByteArray();
    }

    private static void array(ByteArrayOutputStream o, int type, byte[] nal) {
        o.write(type);
        o.write(0);
        o.write(1);
        o.write(nal.length >> 8);
        o.write(nal.length);
        o.writeBytes(nal);
    }
}
