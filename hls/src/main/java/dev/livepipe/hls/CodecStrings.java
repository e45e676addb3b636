// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.Track;
import java.util.Locale;

/**
 * RFC 6381 {@code codecs} strings for playlists. The ingest edge normally sets
 * {@link Track#codecString()}; when it is empty the string is derived from the decoder
 * configuration (avcC, hvcC, AudioSpecificConfig).
 */
public final class CodecStrings {

    private CodecStrings() {
    }

    /** The track's codec string: the edge's, or one derived from its configuration bytes. */
    public static String of(Track track) {
        if (track.codecString() != null && !track.codecString().isBlank()) {
            return track.codecString();
        }
        byte[] c = track.config().bytes();
        return switch (track.codec()) {
            case H264 -> avc(c);
            case HEVC -> hevc(c);
            case AAC -> aac(c);
            case OPUS -> "opus";
            case AV1 -> "av01";
            case VP8 -> "vp8";
        };
    }

    /** {@code avc1.PPCCLL} from an avcC (ISO/IEC 14496-15 §5.3.3.1; RFC 6381 §3.3). */
    public static String avc(byte[] avcC) {
        if (avcC.length < 4) {
            return "avc1";
        }
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", avcC[1] & 0xff, avcC[2] & 0xff, avcC[3] & 0xff);
    }

    /**
     * {@code hvc1.<space><profile>.<compat>.<tier><level>[.<constraints>]} from an hvcC
     * (ISO/IEC 14496-15 §E.3): compatibility flags bit-reversed in hex, trailing zero
     * constraint bytes left out.
     */
    public static String hevc(byte[] hvcC) {
        if (hvcC.length < 13) {
            return "hvc1";
        }
        int b1 = hvcC[1] & 0xff;
        int space = b1 >> 6;
        boolean highTier = (b1 & 0x20) != 0;
        int profile = b1 & 0x1f;
        long compat = ((hvcC[2] & 0xffL) << 24) | ((hvcC[3] & 0xffL) << 16) | ((hvcC[4] & 0xffL) << 8) | (hvcC[5] & 0xffL);
        long reversed = Integer.reverse((int) compat) & 0xffffffffL;
        StringBuilder s = new StringBuilder("hvc1.");
        if (space > 0) {
            s.append((char) ('A' + space - 1));
        }
        s.append(profile).append('.').append(Long.toHexString(reversed).toUpperCase(Locale.ROOT))
                .append('.').append(highTier ? 'H' : 'L').append(hvcC[12] & 0xff);
        int last = 11;
        while (last >= 6 && hvcC[last] == 0) {
            last--;
        }
        for (int i = 6; i <= last; i++) {
            s.append('.').append(Integer.toHexString(hvcC[i] & 0xff).toUpperCase(Locale.ROOT));
        }
        return s.toString();
    }

    /** {@code mp4a.40.<audioObjectType>} from an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1). */
    public static String aac(byte[] asc) {
        if (asc.length < 1) {
            return "mp4a.40.2";
        }
        int aot = (asc[0] & 0xff) >> 3;
        if (aot == 31 && asc.length >= 2) {
            aot = 32 + (((asc[0] & 0x07) << 3) | ((asc[1] & 0xff) >> 5));
        }
        return "mp4a.40." + aot;
    }
}
