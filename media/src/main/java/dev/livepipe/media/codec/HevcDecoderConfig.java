// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated HEVCDecoderConfigurationRecord ("hvcC", ISO/IEC 14496-15 section 8.3.3.1), as an
 * Enhanced RTMP {@code hvc1} sequence start carries it.
 *
 * @param bytes      the record as received (owned by this record, never modified)
 * @param lengthSize bytes of the NAL unit length prefix in samples: 1, 2 or 4
 * @param vps        the video parameter sets
 * @param sps        the sequence parameter sets, at least one
 * @param pps        the picture parameter sets
 */
public record HevcDecoderConfig(byte[] bytes, int lengthSize, List<byte[]> vps, List<byte[]> sps,
                                List<byte[]> pps) {

    private static final int FIXED_PART = 23;

    /**
     * Parses and validates a record.
     *
     * @throws BitstreamException if it is truncated, has a version other than 1, a length size
     *                            of 3 or no SPS
     */
    public static HevcDecoderConfig parse(byte[] hvcc) {
        if (hvcc.length < FIXED_PART) {
            throw new BitstreamException("hvcC of " + hvcc.length + " bytes is truncated");
        }
        if (hvcc[0] != 1) {
            throw new BitstreamException("hvcC configurationVersion " + (hvcc[0] & 0xFF) + " != 1");
        }
        int lengthSize = (hvcc[21] & 3) + 1;
        if (lengthSize == 3) {
            throw new BitstreamException("hvcC lengthSizeMinusOne 2 is reserved");
        }
        int arrays = hvcc[22] & 0xFF;
        int pos = FIXED_PART;
        List<byte[]> vps = new ArrayList<>();
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (int i = 0; i < arrays; i++) {
            if (pos + 3 > hvcc.length) {
                throw new BitstreamException("hvcC truncated in array " + i);
            }
            int type = hvcc[pos] & 0x3F;
            int count = (hvcc[pos + 1] & 0xFF) << 8 | hvcc[pos + 2] & 0xFF;
            pos += 3;
            List<byte[]> target = switch (type) {
                case 32 -> vps;
                case 33 -> sps;
                case 34 -> pps;
                default -> new ArrayList<>(); // SEI and others: validated, not kept
            };
            pos = AvcDecoderConfig.readNalUnits(hvcc, pos, count, target, "array " + i);
        }
        if (sps.isEmpty()) {
            throw new BitstreamException("hvcC has no SPS");
        }
        for (byte[] s : sps) {
            if (s.length < 3 || ((s[0] >> 1) & 0x3F) != 33) {
                throw new BitstreamException("hvcC SPS entry is not an SPS NAL unit");
            }
        }
        return new HevcDecoderConfig(hvcc.clone(), lengthSize, List.copyOf(vps), List.copyOf(sps),
                List.copyOf(pps));
    }

    /** The first SPS, parsed. */
    public HevcSps firstSps() {
        return HevcSps.parse(sps.get(0));
    }

    /**
     * RFC 6381 codecs parameter in the form FFmpeg's HLS muxer writes:
     * {@code hvc1.<profile>.<compatibility, bit-reversed hex>.<L|H><level>.<constraints>}, where
     * the constraints are the first constraint byte and, if non-zero, the high nibble of the
     * second (ISO/IEC 14496-15 Annex E).
     */
    public String codecString() {
        int profileIdc = bytes[1] & 0x1F;
        char tier = (bytes[1] & 0x20) == 0 ? 'L' : 'H';
        long compat = (bytes[2] & 0xFFL) << 24 | (bytes[3] & 0xFFL) << 16 | (bytes[4] & 0xFFL) << 8
                | bytes[5] & 0xFFL;
        long reversed = Integer.toUnsignedLong(Integer.reverse((int) compat));
        int highNibble = (bytes[7] & 0xFF) >> 4;
        String constraints = highNibble != 0
                ? String.format("%02x.%x", bytes[6] & 0xFF, highNibble)
                : String.format("%02x", bytes[6] & 0xFF);
        int level = bytes[12] & 0xFF;
        return String.format("hvc1.%d.%x.%c%d.%s", profileIdc, reversed, tier, level, constraints);
    }
}
