// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import io.vertx.core.buffer.Buffer;

/** The codec FourCCs of Enhanced RTMP (v1 section "Enhanced Video", v2 "Enhanced Audio"). */
public final class FourCc {

    /** H.264/AVC, video. */
    public static final int AVC1 = of("avc1");
    /** H.265/HEVC, video. */
    public static final int HVC1 = of("hvc1");
    /** AV1, video. */
    public static final int AV01 = of("av01");
    /** VP9, video. */
    public static final int VP09 = of("vp09");
    /** AAC, audio (Enhanced RTMP v2). */
    public static final int MP4A = of("mp4a");

    private FourCc() {
    }

    /** The big-endian int of a four-character code. */
    public static int of(String code) {
        return code.charAt(0) << 24 | code.charAt(1) << 16 | code.charAt(2) << 8 | code.charAt(3);
    }

    /** The FourCC at {@code pos} as text, with unprintable bytes escaped, for log lines. */
    public static String text(Buffer buf, int pos) {
        StringBuilder sb = new StringBuilder(4);
        for (int i = 0; i < 4; i++) {
            int c = buf.getUnsignedByte(pos + i);
            if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
