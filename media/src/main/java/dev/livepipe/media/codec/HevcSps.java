// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * The fields of an HEVC sequence parameter set (ITU-T H.265 section 7.3.2.2.1) that a media
 * server needs: the general profile, tier and level and the picture size after the conformance
 * window.
 *
 * @param generalProfileIdc general_profile_idc
 * @param generalTierFlag   general_tier_flag
 * @param generalLevelIdc   general_level_idc
 * @param chromaFormatIdc   chroma_format_idc
 * @param size              the picture size after the conformance window
 */
public record HevcSps(int generalProfileIdc, boolean generalTierFlag, int generalLevelIdc,
                      int chromaFormatIdc, PictureSize size) {

    private static final int MAX_DIMENSION = 16888;

    /**
     * Parses an SPS NAL unit (with its two-byte NAL header, without start code or length).
     *
     * @throws BitstreamException if the NAL unit is not a well-formed SPS
     */
    public static HevcSps parse(byte[] nal) {
        if (nal.length < 3 || ((nal[0] >> 1) & 0x3F) != 33) {
            throw new BitstreamException("not an HEVC SPS NAL unit");
        }
        BitReader r = BitReader.fromNal(nal, 2);
        r.skip(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = (int) r.u(3);
        if (maxSubLayersMinus1 > 6) {
            throw new BitstreamException("sps_max_sub_layers_minus1 = " + maxSubLayersMinus1);
        }
        r.skip(1); // sps_temporal_id_nesting_flag
        // profile_tier_level(1, sps_max_sub_layers_minus1), section 7.3.3
        r.skip(2); // general_profile_space
        boolean tier = r.flag();
        int profile = (int) r.u(5);
        r.skip(32 + 4 + 43 + 1); // compatibility flags, source flags, constraint bits
        int level = (int) r.u(8);
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.flag();
            levelPresent[i] = r.flag();
        }
        if (maxSubLayersMinus1 > 0) {
            r.skip(2L * (8 - maxSubLayersMinus1)); // reserved_zero_2bits
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.skip(88);
            }
            if (levelPresent[i]) {
                r.skip(8);
            }
        }
        r.ue(15, "sps_seq_parameter_set_id");
        int chroma = r.ue(3, "chroma_format_idc");
        boolean separateColourPlane = chroma == 3 && r.flag();
        long width = r.ue();
        long height = r.ue();
        if (r.flag()) { // conformance_window_flag; units from section 7.4.3.2.1
            int chromaArrayType = separateColourPlane ? 0 : chroma;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            long left = r.ue();
            long right = r.ue();
            long top = r.ue();
            long bottom = r.ue();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new BitstreamException("implausible HEVC picture size " + width + "x" + height);
        }
        return new HevcSps(profile, tier, level, chroma, new PictureSize((int) width, (int) height));
    }
}
