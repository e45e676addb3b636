// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 section 7.3.2.1.1) that a media
 * server needs: profile, constraint flags, level and the cropped picture size.
 *
 * @param profileIdc      profile_idc
 * @param constraintFlags the byte of constraint_set0..5 flags and reserved bits
 * @param levelIdc        level_idc
 * @param chromaFormatIdc chroma_format_idc (1 unless a high profile says otherwise)
 * @param size            the picture size after the frame cropping rectangle
 */
public record H264Sps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc,
                      PictureSize size) {

    private static final int MAX_DIMENSION = 16384;

    /**
     * Parses an SPS NAL unit (with its one-byte NAL header, without start code or length).
     *
     * @throws BitstreamException if the NAL unit is not a well-formed SPS
     */
    public static H264Sps parse(byte[] nal) {
        if (nal.length < 4 || (nal[0] & 0x1F) != 7) {
            throw new BitstreamException("not an H.264 SPS NAL unit");
        }
        BitReader r = BitReader.fromNal(nal, 1);
        int profile = (int) r.u(8);
        int constraints = (int) r.u(8);
        int level = (int) r.u(8);
        r.ue(31, "seq_parameter_set_id");
        int chroma = 1;
        boolean separateColourPlane = false;
        if (hasChromaInfo(profile)) {
            chroma = r.ue(3, "chroma_format_idc");
            if (chroma == 3) {
                separateColourPlane = r.flag();
            }
            r.ue(6, "bit_depth_luma_minus8");
            r.ue(6, "bit_depth_chroma_minus8");
            r.skip(1); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                int lists = chroma != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(12, "log2_max_frame_num_minus4");
        int pocType = r.ue(2, "pic_order_cnt_type");
        if (pocType == 0) {
            r.ue(12, "log2_max_pic_order_cnt_lsb_minus4");
        } else if (pocType == 1) {
            r.skip(1); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue(255, "num_ref_frames_in_pic_order_cnt_cycle");
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.skip(1); // gaps_in_frame_num_value_allowed_flag
        long widthMbs = r.ue() + 1;
        long heightMapUnits = r.ue() + 1;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.skip(1); // mb_adaptive_frame_field_flag
        }
        r.skip(1); // direct_8x8_inference_flag
        long width = widthMbs * 16;
        long height = heightMapUnits * 16 * (frameMbsOnly ? 1 : 2);
        if (r.flag()) { // frame_cropping_flag; units from section 7.4.2.1.1
            int chromaArrayType = separateColourPlane ? 0 : chroma;
            int subWidth = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int subHeight = chromaArrayType == 1 ? 2 : 1;
            int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
            int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
            long left = r.ue();
            long right = r.ue();
            long top = r.ue();
            long bottom = r.ue();
            width -= cropUnitX * (left + right);
            height -= cropUnitY * (top + bottom);
        }
        if (width <= 0 || height <= 0 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new BitstreamException("implausible H.264 picture size " + width + "x" + height);
        }
        return new H264Sps(profile, constraints, level, chroma,
                new PictureSize((int) width, (int) height));
    }

    /** Profiles whose SPS carries chroma_format_idc and the scaling matrices (7.3.2.1.1). */
    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() (7.3.2.1.1.1): only the deltas are read. */
    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                long delta = r.se();
                if (delta < -128 || delta > 127) {
                    throw new BitstreamException("delta_scale out of range");
                }
                next = (int) ((last + delta + 256) % 256);
            }
            last = next == 0 ? last : next;
        }
    }
}
