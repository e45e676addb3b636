// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Encodes the benchmark's source file once: 1280x720 at 30 fps H.264 (FFmpeg's LGPL-compatible
 * {@code libopenh264}, High profile, bitrate mode, one IDR every 2 s, no B-frames) plus AAC-LC
 * 48 kHz stereo at 128 kbit/s, in an FLV file (the container RTMP carries, so replaying it is a
 * plain packet copy).
 *
 * <p>The picture is a sliding gradient with a moving box, a ticking bar and fine grain, busy
 * enough that the rate control really spends about 3 Mbit/s; the sound is a 440 Hz tone,
 * louder for 10 ms every second. Blocks for a few tens of seconds (software encoding); callers cache the file.
 */
public final class FixtureEncoder {

    /** Frames per second of the fixture. */
    public static final int FPS = 30;
    /** Frames from one IDR to the next (2 s). */
    public static final int GOP_FRAMES = 60;
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int VIDEO_BITRATE = 3_000_000;
    static final int AUDIO_BITRATE = 128_000;
    static final int SAMPLE_RATE = 48_000;

    private FixtureEncoder() {
    }

    /** Writes {@code seconds} (a multiple of 2) of media to {@code target} (via a temp file). */
    public static void encode(Path target, int seconds) throws IOException {
        if (seconds <= 0 || seconds % 2 != 0) {
            throw new IllegalArgumentException("fixture length must be a positive multiple of the 2 s GOP: " + seconds);
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), WIDTH, HEIGHT, 2);
        try {
            rec.setFormat("flv");
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(FPS);
            rec.setGopSize(GOP_FRAMES);
            rec.setVideoBitrate(VIDEO_BITRATE);
            rec.setVideoOption("profile", "high");
            rec.setVideoOption("rc_mode", "bitrate");
            rec.setVideoOption("allow_skip_frames", "0");
            rec.setMaxBFrames(0);
            rec.setAudioCodecName("aac");
            rec.setSampleRate(SAMPLE_RATE);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(AUDIO_BITRATE);
            rec.start();
            int frames = seconds * FPS;
            int samplesPerFrame = SAMPLE_RATE / FPS;
            ByteBuffer yuv = ByteBuffer.allocateDirect(WIDTH * HEIGHT * 3 / 2);
            ShortBuffer pcm = ShortBuffer.allocate(samplesPerFrame * 2);
            for (int i = 0; i < frames; i++) {
                paint(yuv, i);
                rec.recordImage(WIDTH, HEIGHT, 8, 1, WIDTH, AV_PIX_FMT_YUV420P, yuv);
                tone(pcm, i, samplesPerFrame);
                rec.recordSamples(SAMPLE_RATE, 2, pcm);
            }
            rec.stop();
        } finally {
            rec.release();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Film grain: 7 frames of fixed random noise, cycled (one reference frame cannot predict it). */
    private static final byte[][] GRAIN = grain();

    private static byte[][] grain() {
        java.util.Random r = new java.util.Random(1);
        byte[][] g = new byte[7][WIDTH * HEIGHT];
        for (byte[] frame : g) {
            for (int k = 0; k < frame.length; k++) {
                frame[k] = (byte) r.nextInt(12);
            }
        }
        return g;
    }

    /**
     * A diagonal gradient sliding 4 levels per frame, a moving box, a bar ticking once a second,
     * fine grain on top, a slowly toggling chroma checkerboard. (Scrolling coarse texture makes
     * openh264's scene-change detection insert IDRs every 17 frames; this picture keeps the 2 s GOP.)
     */
    static void paint(ByteBuffer yuv, int i) {
        byte[] row = new byte[WIDTH];
        byte[] grain = GRAIN[i % GRAIN.length];
        int boxX = (i * 9) % (WIDTH - 200);
        int boxY = (i * 4) % (HEIGHT - 200);
        yuv.clear();
        for (int y = 0; y < HEIGHT; y++) {
            int off = y * WIDTH;
            for (int x = 0; x < WIDTH; x++) {
                int v = 16 + ((x + y + i * 4) & 0x7f);
                if (x >= boxX && x < boxX + 200 && y >= boxY && y < boxY + 200) {
                    v = 210;
                }
                row[x] = (byte) (v + grain[off + x]);
            }
            if (y >= HEIGHT - 40 && y < HEIGHT - 20) {
                java.util.Arrays.fill(row, 0, (i % FPS + 1) * WIDTH / FPS, (byte) 200);
            }
            yuv.put(row);
        }
        for (int plane = 0; plane < 2; plane++) {
            for (int y = 0; y < HEIGHT / 2; y++) {
                for (int x = 0; x < WIDTH / 2; x++) {
                    int base = 128 + (plane == 0 ? x * 40 / WIDTH : y * 40 / HEIGHT);
                    row[x] = (byte) (base + ((x / 40 + y / 40 + i / 15) % 2 == 0 ? 10 : -10));
                }
                yuv.put(row, 0, WIDTH / 2);
            }
        }
        yuv.flip();
    }

    static void tone(ShortBuffer pcm, int frame, int samples) {
        pcm.clear();
        for (int s = 0; s < samples; s++) {
            long n = (long) frame * samples + s;
            double t = (double) n / SAMPLE_RATE;
            double amp = (n % SAMPLE_RATE) < 480 ? 0.6 : 0.25;
            short v = (short) (amp * Short.MAX_VALUE * Math.sin(2 * Math.PI * 440 * t));
            pcm.put(v).put(v);
        }
        pcm.flip();
    }
}
