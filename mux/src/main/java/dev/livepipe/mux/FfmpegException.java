// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;

/**
 * An FFmpeg call returned a negative error code. The message carries the operation and
 * {@code av_strerror}'s text, e.g. {@code "av_write_frame: Invalid argument (-22)"}.
 */
public final class FfmpegException extends RuntimeException {

    private final int code;

    public FfmpegException(String operation, int code) {
        super(operation + ": " + describe(code) + " (" + code + ")");
        this.code = code;
    }

    /** The (negative) FFmpeg error code. */
    public int code() {
        return code;
    }

    /** Returns {@code ret} if it is not negative; throws otherwise. */
    public static int check(int ret, String operation) {
        if (ret < 0) {
            throw new FfmpegException(operation, ret);
        }
        return ret;
    }

    /** FFmpeg's text for an error code. */
    public static String describe(int code) {
        byte[] buf = new byte[128];
        if (av_strerror(code, buf, buf.length) < 0) {
            return "unknown error";
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }
}
