// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.media.codec.H264Sps;

/**
 * Builds an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1, "avcC") from one SPS and
 * one PPS captured in band, with 4-byte NAL unit lengths. For the high profiles (100, 110, 122,
 * 144) the chroma format and 8-bit depths are appended as §5.3.3.1.2 requires. Stateless.
 */
public final class AvcConfigBuilder {

    private AvcConfigBuilder() {
    }

    /**
     * @param sps an SPS NAL unit (header byte included, no start code)
     * @param pps a PPS NAL unit
     * @return the record bytes (fresh array)
     * @throws dev.livepipe.media.codec.BitstreamException if the SPS does not parse
     */
    public static byte[] avcC(byte[] sps, byte[] pps) {
        H264Sps parsed = H264Sps.parse(sps);
        if (sps.length > 0xFFFF || pps.length > 0xFFFF || pps.length == 0) {
            throw new IllegalArgumentException("parameter set size");
        }
        boolean high = switch (parsed.profileIdc()) {
            case 100, 110, 122, 144 -> true;
            default -> false;
        };
        byte[] b = new byte[11 + sps.length + pps.length + (high ? 4 : 0)];
        int p = 0;
        b[p++] = 1; // configurationVersion
        b[p++] = sps[1]; // AVCProfileIndication
        b[p++] = sps[2]; // profile_compatibility
        b[p++] = sps[3]; // AVCLevelIndication
        b[p++] = (byte) 0xFF; // reserved 6 bits + lengthSizeMinusOne = 3
        b[p++] = (byte) 0xE1; // reserved 3 bits + numOfSequenceParameterSets = 1
        b[p++] = (byte) (sps.length >> 8);
        b[p++] = (byte) sps.length;
        System.arraycopy(sps, 0, b, p, sps.length);
        p += sps.length;
        b[p++] = 1; // numOfPictureParameterSets
        b[p++] = (byte) (pps.length >> 8);
        b[p++] = (byte) pps.length;
        System.arraycopy(pps, 0, b, p, pps.length);
        p += pps.length;
        if (high) {
            b[p++] = (byte) (0xFC | parsed.chromaFormatIdc());
            b[p++] = (byte) 0xF8; // bit_depth_luma_minus8 = 0
            b[p++] = (byte) 0xF8; // bit_depth_chroma_minus8 = 0
            b[p] = 0; // numOfSequenceParameterSetExt
        }
        return b;
    }
}
