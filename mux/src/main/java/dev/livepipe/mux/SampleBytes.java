// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import java.util.List;

/**
 * Turns an access unit's {@link Payload} into the bytes of one MP4 sample (ISO/IEC 14496-15):
 * H.264/HEVC NAL units each prefixed with its length in as many bytes as the avcC/hvcC says
 * (almost always 4); AAC frames as they are.
 *
 * <p>Ownership: the payload's arrays are only read; the returned array may be the payload's own
 * sample (when it arrived length-prefixed with the same length size) and must not be modified.
 */
final class SampleBytes {

    private SampleBytes() {
    }

    /** The NAL length field size declared by the track's decoder configuration record. */
    static int nalLengthSize(Track track) {
        byte[] cfg = track.config().bytes();
        return switch (track.config()) {
            // avcC: lengthSizeMinusOne in the low 2 bits of byte 4 (§5.3.3.1.2)
            case CodecConfig.Avc a when cfg.length > 4 -> (cfg[4] & 0x03) + 1;
            // hvcC: lengthSizeMinusOne in the low 2 bits of byte 21 (§8.3.3.1.2)
            case CodecConfig.Hvc h when cfg.length > 21 -> (cfg[21] & 0x03) + 1;
            default -> 4;
        };
    }

    /** The sample bytes of {@code payload}; {@code lengthSize} applies to H.264/HEVC only. */
    static byte[] of(Payload payload, int lengthSize) {
        return switch (payload) {
            case Payload.H264 h -> whole(h, lengthSize);
            case Payload.Hevc h -> whole(h, lengthSize);
            case Payload.Aac a -> a.frame();
            case Payload.Opus o -> o.packet();
            case Payload.Av1 a -> a.temporalUnit();
            case Payload.Vp8 v -> v.frame();
        };
    }

    /** The payload's own length-prefixed sample when it has one with this length size (RTMP ingest), else joined. */
    private static byte[] whole(Payload.NalUnitPayload p, int lengthSize) {
        byte[] sample = p.lengthPrefixedSample(lengthSize);
        return sample != null ? sample : lengthPrefixed(p.nalus(), lengthSize);
    }

    /** NAL units, each preceded by its big-endian length in {@code lengthSize} bytes. */
    static byte[] lengthPrefixed(List<byte[]> nalus, int lengthSize) {
        int total = 0;
        for (byte[] n : nalus) {
            total += lengthSize + n.length;
        }
        byte[] out = new byte[total];
        int pos = 0;
        for (byte[] n : nalus) {
            int len = n.length;
            if (lengthSize < 4 && len >= 1 << (8 * lengthSize)) {
                throw new IllegalArgumentException("NAL unit of " + len + " bytes does not fit a "
                        + lengthSize + "-byte length field");
            }
            for (int i = lengthSize - 1; i >= 0; i--) {
                out[pos++] = (byte) (len >>> (8 * i));
            }
            System.arraycopy(n, 0, out, pos, len);
            pos += len;
        }
        return out;
    }
}
