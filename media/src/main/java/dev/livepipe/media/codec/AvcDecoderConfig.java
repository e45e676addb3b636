// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated AVCDecoderConfigurationRecord ("avcC", ISO/IEC 14496-15 section 5.3.3.1), as an
 * FLV AVC sequence header carries it.
 *
 * @param bytes      the record as received (owned by this record, never modified)
 * @param lengthSize bytes of the NAL unit length prefix in samples: 1, 2 or 4
 * @param sps        the sequence parameter sets, at least one
 * @param pps        the picture parameter sets
 */
public record AvcDecoderConfig(byte[] bytes, int lengthSize, List<byte[]> sps, List<byte[]> pps) {

    /**
     * Parses and validates a record.
     *
     * @throws BitstreamException if it is truncated, has a version other than 1, a length size
     *                            of 3, no SPS, or an SPS that is not one
     */
    public static AvcDecoderConfig parse(byte[] avcc) {
        if (avcc.length < 7) {
            throw new BitstreamException("avcC of " + avcc.length + " bytes is truncated");
        }
        if (avcc[0] != 1) {
            throw new BitstreamException("avcC configurationVersion " + (avcc[0] & 0xFF) + " != 1");
        }
        int lengthSize = (avcc[4] & 3) + 1;
        if (lengthSize == 3) {
            throw new BitstreamException("avcC lengthSizeMinusOne 2 is reserved");
        }
        int pos = 5;
        int spsCount = avcc[pos++] & 0x1F;
        if (spsCount == 0) {
            throw new BitstreamException("avcC has no SPS");
        }
        List<byte[]> sps = new ArrayList<>(spsCount);
        pos = readNalUnits(avcc, pos, spsCount, sps, "SPS");
        for (byte[] s : sps) {
            if (s.length < 4 || (s[0] & 0x1F) != 7) {
                throw new BitstreamException("avcC SPS entry is not an SPS NAL unit");
            }
        }
        if (pos >= avcc.length) {
            throw new BitstreamException("avcC truncated before numOfPictureParameterSets");
        }
        int ppsCount = avcc[pos++] & 0xFF;
        List<byte[]> pps = new ArrayList<>(ppsCount);
        readNalUnits(avcc, pos, ppsCount, pps, "PPS");
        return new AvcDecoderConfig(avcc.clone(), lengthSize, List.copyOf(sps), List.copyOf(pps));
    }

    /** The first SPS, parsed. */
    public H264Sps firstSps() {
        return H264Sps.parse(sps.get(0));
    }

    /** RFC 6381 codecs parameter: {@code avc1.PPCCLL} from the first SPS (lower-case hex). */
    public String codecString() {
        byte[] s = sps.get(0);
        return String.format("avc1.%02x%02x%02x", s[1] & 0xFF, s[2] & 0xFF, s[3] & 0xFF);
    }

    static int readNalUnits(byte[] b, int pos, int count, List<byte[]> out, String what) {
        for (int i = 0; i < count; i++) {
            if (pos + 2 > b.length) {
                throw new BitstreamException("config record truncated in " + what + " " + i);
            }
            int len = (b[pos] & 0xFF) << 8 | b[pos + 1] & 0xFF;
            pos += 2;
            if (len == 0 || pos + len > b.length) {
                throw new BitstreamException("config record " + what + " " + i + " of " + len
                        + " bytes does not fit");
            }
            byte[] nal = new byte[len];
            System.arraycopy(b, pos, nal, 0, len);
            out.add(nal);
            pos += len;
        }
        return pos;
    }
}
