// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transcode;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;

/** Small helpers around FFmpeg calls through JavaCPP. Stateless. */
final class Ffmpeg {

    /** Quiets codec logging (AVCodecContext.log_level_offset). */
    static final int QUIET = -64;

    private Ffmpeg() {
    }

    /** Throws {@link TranscodeException} if {@code ret} is an FFmpeg error code. */
    static int check(int ret, String what) {
        if (ret < 0) {
            byte[] msg = new byte[256];
            av_strerror(ret, msg, msg.length);
            int n = 0;
            while (n < msg.length && msg[n] != 0) {
                n++;
            }
            throw new TranscodeException(what + " failed: " + new String(msg, 0, n, StandardCharsets.UTF_8)
                    + " (" + ret + ")");
        }
        return ret;
    }

    /** Copies {@code size} bytes from native memory. */
    static byte[] bytes(BytePointer p, int size) {
        byte[] b = new byte[Math.max(0, size)];
        if (size > 0) {
            p.position(0).get(b, 0, size);
        }
        return b;
    }

    /** Splits an Annex B byte stream (ITU-T H.264 Annex B) into NAL units without start codes. */
    static List<byte[]> splitAnnexB(byte[] b) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < b.length) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                if (start >= 0) {
                    add(out, b, start, i);
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            add(out, b, start, b.length);
        }
        return out;
    }

    private static void add(List<byte[]> out, byte[] b, int from, int to) {
        while (to > from && b[to - 1] == 0) {
            to--; // trailing zero (the first byte of a 4-byte start code)
        }
        if (to > from) {
            byte[] n = new byte[to - from];
            System.arraycopy(b, from, n, 0, n.length);
            out.add(n);
        }
    }
}
