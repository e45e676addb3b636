// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.codec;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.media.Codec;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the length-prefixed NAL units of an AVC/HEVC sample (ISO/IEC 14496-15 sections 5.3.2
 * and 8.3.2) and classifies them.
 */
public final class NalUnits {

    private NalUnits() {
    }

    /**
     * The NAL units of {@code buf[from..end)}, each copied into its own array. Empty NAL units
     * are skipped.
     *
     * @param lengthSize 1, 2 or 4, from the decoder configuration record
     * @throws RtmpProtocolException if a length runs past the end
     */
    public static List<byte[]> split(Buffer buf, int from, int end, int lengthSize) {
        List<byte[]> out = new ArrayList<>();
        int pos = from;
        while (pos < end) {
            if (pos + lengthSize > end) {
                throw new RtmpProtocolException("NAL unit length prefix truncated");
            }
            long len = switch (lengthSize) {
                case 1 -> buf.getUnsignedByte(pos);
                case 2 -> buf.getUnsignedShort(pos);
                default -> buf.getUnsignedInt(pos);
            };
            pos += lengthSize;
            if (len > end - pos) {
                throw new RtmpProtocolException("NAL unit of " + len + " bytes exceeds the sample");
            }
            if (len > 0) {
                out.add(buf.getBytes(pos, pos + (int) len));
            }
            pos += (int) len;
        }
        return out;
    }

    /**
     * What a length-prefixed sample holds.
     *
     * @param count non-empty NAL units
     * @param empty whether it holds a zero-length NAL unit
     * @param irap  whether a NAL unit is an IDR slice (H.264) or IRAP picture (HEVC)
     */
    public record Scan(int count, boolean empty, boolean irap) {
    }

    /**
     * Walks the NAL units of a whole length-prefixed sample without copying them.
     *
     * @param lengthSize 1, 2 or 4, from the decoder configuration record
     * @param codec      H.264 or HEVC (for the IDR/IRAP check)
     * @throws RtmpProtocolException if a length runs past the end
     */
    public static Scan scan(byte[] sample, int lengthSize, Codec codec) {
        int pos = 0;
        int count = 0;
        boolean empty = false;
        boolean irap = false;
        boolean h264 = codec == Codec.H264;
        while (pos < sample.length) {
            if (pos + lengthSize > sample.length) {
                throw new RtmpProtocolException("NAL unit length prefix truncated");
            }
            long len = 0;
            for (int i = 0; i < lengthSize; i++) {
                len = len << 8 | (sample[pos + i] & 0xFF);
            }
            pos += lengthSize;
            if (len > sample.length - pos) {
                throw new RtmpProtocolException("NAL unit of " + len + " bytes exceeds the sample");
            }
            if (len == 0) {
                empty = true;
                continue;
            }
            int header = sample[pos] & 0xFF;
            if (h264) {
                irap |= (header & 0x1F) == 5;
            } else {
                int type = (header >> 1) & 0x3F;
                irap |= type >= 16 && type <= 23;
            }
            count++;
            pos += (int) len;
        }
        return new Scan(count, empty, irap);
    }

    /** True if an H.264 NAL unit is an IDR slice (type 5, H.264 table 7-1). */
    public static boolean isH264Idr(byte[] nal) {
        return nal.length > 0 && (nal[0] & 0x1F) == 5;
    }

    /** True if an HEVC NAL unit is an IRAP picture (types 16..23, H.265 table 7-1). */
    public static boolean isHevcIrap(byte[] nal) {
        int type = nal.length > 0 ? (nal[0] >> 1) & 0x3F : -1;
        return type >= 16 && type <= 23;
    }
}
