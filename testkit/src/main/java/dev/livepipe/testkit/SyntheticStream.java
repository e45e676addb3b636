// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import java.time.Duration;

/**
 * What {@link FfmpegPublisher#synthetic} encodes: a moving test pattern and a sine tone.
 *
 * @param width        picture width (even)
 * @param height       picture height (even)
 * @param fps          frames per second
 * @param gop          keyframe interval
 * @param videoBitrate H.264 bits per second (libopenh264)
 * @param sampleRate   audio samples per second (44100 or 48000; FLV's AAC accepts both)
 * @param channels     1 or 2
 * @param audioBitrate AAC bits per second
 * @param duration     how long to publish, in real time
 */
public record SyntheticStream(int width, int height, int fps, Duration gop, int videoBitrate,
                              int sampleRate, int channels, int audioBitrate, Duration duration) {

    public SyntheticStream {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("width and height must be positive and even");
        }
        if (fps <= 0 || sampleRate <= 0 || channels < 1 || channels > 2) {
            throw new IllegalArgumentException("bad rate or channel count");
        }
    }

    /** 640x360, 30 fps, GOP 2 s, 800 kb/s; AAC 48 kHz stereo 96 kb/s; for {@code duration}. */
    public static SyntheticStream defaults(Duration duration) {
        return new SyntheticStream(640, 360, 30, Duration.ofSeconds(2), 800_000, 48_000, 2, 96_000,
                duration);
    }

    /** The same stream at another picture size. */
    public SyntheticStream withSize(int newWidth, int newHeight) {
        return new SyntheticStream(newWidth, newHeight, fps, gop, videoBitrate, sampleRate, channels,
                audioBitrate, duration);
    }

    /** The GOP in frames. */
    public int gopFrames() {
        return (int) Math.max(1, gop.toMillis() * fps / 1000);
    }
}
