// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import java.nio.ByteBuffer;

/**
 * Paints a moving test pattern into packed BGR24 pictures and produces a sine tone as
 * interleaved signed 16-bit samples. Deterministic: the same frame index gives the same picture.
 *
 * <p>Not thread-safe; one per publisher thread.
 */
final class TestPattern {

    private final int width;
    private final int height;
    private final int sampleRate;
    private final int channels;
    private long samplesMade;

    TestPattern(int width, int height, int sampleRate, int channels) {
        this.width = width;
        this.height = height;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** Paints frame {@code index}: colour bars drifting right, plus a white bar moving down. */
    void paint(ByteBuffer bgr, int stride, long index) {
        int shift = (int) (index * 4 % width);
        int barY = (int) (index * 3 % height);
        byte[] row = new byte[width * 3];
        for (int y = 0; y < height; y++) {
            boolean bar = y >= barY && y < barY + 8;
            for (int x = 0; x < width; x++) {
                int band = ((x + shift) % width) * 8 / width;
                int b = bar ? 255 : ((band & 1) != 0 ? 220 : 16);
                int g = bar ? 255 : ((band & 2) != 0 ? 220 : 16);
                int r = bar ? 255 : ((band & 4) != 0 ? 220 : 16);
                int o = x * 3;
                row[o] = (byte) b;
                row[o + 1] = (byte) (g ^ (y & 0x10));
                row[o + 2] = (byte) r;
            }
            bgr.position(y * stride);
            bgr.put(row);
        }
        bgr.position(0);
    }

    /** The next {@code count} samples per channel of a 440 Hz tone at -10 dBFS, interleaved. */
    short[] tone(int count) {
        short[] out = new short[count * channels];
        for (int i = 0; i < count; i++) {
            double t = (double) (samplesMade + i) / sampleRate;
            short s = (short) (Math.sin(2 * Math.PI * 440 * t) * 0.316 * Short.MAX_VALUE);
            for (int c = 0; c < channels; c++) {
                out[i * channels + c] = s;
            }
        }
        samplesMade += count;
        return out;
    }
}
