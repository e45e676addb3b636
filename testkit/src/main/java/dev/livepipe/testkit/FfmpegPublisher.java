// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to an {@code rtmp://} (or {@code rtmps://}) URL with FFmpeg's own RTMP client and FLV
 * muxer through JavaCV, in real time, on its own thread: either a synthetic stream (a moving test
 * pattern encoded with {@code libopenh264} plus a sine tone encoded with FFmpeg's {@code aac}), or
 * a pre-encoded file by packet copy (how HEVC is published: FFmpeg's FLV muxer writes Enhanced
 * RTMP for it, and the LGPL natives have no HEVC encoder).
 *
 * <p>Usage: {@code try (var p = FfmpegPublisher.synthetic(url, SyntheticStream.defaults(d)).start())
 * { ... p.awaitCompletion(timeout) ... }}. {@link #close()} stops publishing and waits for the
 * thread.
 *
 * <p>Threading: the public methods may be called from any thread; FFmpeg runs only on the
 * publisher thread. Connection failures (refused key, server closed the socket) end the thread
 * and are reported by {@link #failure()}.
 */
public final class FfmpegPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegPublisher.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private interface Body {
        void run(FfmpegPublisher self) throws Exception;
    }

    private final String url;
    private final Body body;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopRequested;
    private volatile boolean connected;
    private Thread thread;

    private FfmpegPublisher(String url, Body body) {
        this.url = url;
        this.body = body;
    }

    /** A publisher of a synthetic H.264 + AAC stream; call {@link #start()}. */
    public static FfmpegPublisher synthetic(String url, SyntheticStream stream) {
        return new FfmpegPublisher(url, self -> self.runSynthetic(stream));
    }

    /**
     * A publisher that copies the packets of {@code file} to the URL in real time, for at most
     * {@code maxDuration} (the file plays once).
     */
    public static FfmpegPublisher file(String url, Path file, Duration maxDuration) {
        return new FfmpegPublisher(url, self -> self.runCopy(file, maxDuration));
    }

    /** Starts the publisher thread. */
    public synchronized FfmpegPublisher start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        thread = Thread.ofPlatform().daemon().name("ffmpeg-publisher-" + THREADS.incrementAndGet())
                .start(() -> {
                    try {
                        body.run(this);
                    } catch (Throwable t) {
                        failure.set(t);
                        LOG.info("publisher to {} failed: {}", redact(url), t.toString());
                    } finally {
                        done.countDown();
                    }
                });
        return this;
    }

    /** Waits until publishing ended (duration reached, stopped or failed). */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True while the thread runs. */
    public boolean isRunning() {
        return done.getCount() > 0;
    }

    /** True once FFmpeg's RTMP client got past {@code publish} (the muxer header was written). */
    public boolean connected() {
        return connected;
    }

    /** Why publishing ended early, if it did. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Frames (synthetic) or packets (file copy) handed to FFmpeg so far. */
    public long sent() {
        return sent.get();
    }

    /** Stops publishing (FFmpeg unpublishes and disconnects) and waits up to 10 s for it. */
    public void stop() {
        close();
    }

    /** Asks the thread to stop, and waits up to 10 s for it (less if this thread is interrupted). */
    @Override
    public void close() {
        stopRequested = true;
        if (thread != null) {
            try {
                done.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void runSynthetic(SyntheticStream s) throws Exception {
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(url, s.width(), s.height(), s.channels());
        try {
            r.setFormat("flv");
            r.setVideoCodecName("libopenh264");
            r.setVideoCodec(AV_CODEC_ID_H264);
            r.setPixelFormat(AV_PIX_FMT_YUV420P);
            r.setFrameRate(s.fps());
            r.setGopSize(s.gopFrames());
            r.setVideoBitrate(s.videoBitrate());
            r.setAudioCodec(AV_CODEC_ID_AAC);
            r.setSampleRate(s.sampleRate());
            r.setAudioChannels(s.channels());
            r.setAudioBitrate(s.audioBitrate());
            commonOptions(r);
            r.start();
            connected = true;
            Frame frame = new Frame(s.width(), s.height(), Frame.DEPTH_UBYTE, 3);
            TestPattern pattern = new TestPattern(s.width(), s.height(), s.sampleRate(), s.channels());
            long frames = Math.max(1, s.duration().toMillis() * s.fps() / 1000);
            long samples = 0;
            long t0 = System.nanoTime();
            for (long i = 0; i < frames && !stopRequested; i++) {
                sleepUntil(t0 + i * 1_000_000_000L / s.fps());
                pattern.paint((ByteBuffer) frame.image[0], frame.imageStride, i);
                r.record(frame, AV_PIX_FMT_BGR24);
                long due = (i + 1) * s.sampleRate() / s.fps();
                if (due > samples) {
                    r.recordSamples(s.sampleRate(), s.channels(),
                            ShortBuffer.wrap(pattern.tone((int) (due - samples))));
                    samples = due;
                }
                sent.incrementAndGet();
            }
            r.stop();
        } finally {
            r.release();
        }
    }

    private void runCopy(Path file, Duration maxDuration) throws Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        FFmpegFrameRecorder r = null;
        try {
            g.start();
            AVFormatContext in = g.getFormatContext();
            for (int i = 0; i < in.nb_streams(); i++) {
                in.streams(i).codecpar().codec_tag(0); // let the FLV muxer choose its own tags
            }
            r = new FFmpegFrameRecorder(url, g.getImageWidth(), g.getImageHeight(), g.getAudioChannels());
            r.setFormat("flv");
            r.setFrameRate(g.getFrameRate());
            r.setSampleRate(g.getSampleRate());
            if (g.getAudioBitrate() > 0) {
                r.setAudioBitrate(g.getAudioBitrate());
            }
            if (avcodec.avcodec_find_encoder(g.getVideoCodec()) == null) {
                // JavaCV allocates (never opens) an encoder context even for packet copy; the LGPL
                // natives have no HEVC encoder, so any H.264 one stands in.
                r.setVideoCodecName("libopenh264");
            }
            commonOptions(r);
            r.start(in);
            connected = true;
            long t0 = System.nanoTime();
            long first = Long.MIN_VALUE;
            long limitMicros = maxDuration.toNanos() / 1000;
            AVPacket pkt;
            while (!stopRequested && (pkt = g.grabPacket()) != null) {
                AVStream st = in.streams(pkt.stream_index());
                long ts = pkt.dts() != AV_NOPTS_VALUE ? pkt.dts() : pkt.pts();
                long micros = ts == AV_NOPTS_VALUE ? 0
                        : ts * 1_000_000L * st.time_base().num() / st.time_base().den();
                if (first == Long.MIN_VALUE) {
                    first = micros;
                }
                if (micros - first > limitMicros) {
                    break;
                }
                sleepUntil(t0 + (micros - first) * 1000);
                r.recordPacket(pkt);
                sent.incrementAndGet();
            }
            r.stop();
        } finally {
            if (r != null) {
                r.release();
            }
            g.release();
        }
    }

    private static void commonOptions(FFmpegFrameRecorder r) {
        r.setOption("rw_timeout", "10000000"); // microseconds: fail instead of hanging on a dead peer
        r.setOption("flvflags", "no_duration_filesize"); // live output cannot be rewritten
    }

    private void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0 && !stopRequested) {
            Thread.sleep(Math.min(50, Math.max(1, wait / 1_000_000)));
        }
    }

    private static String redact(String url) {
        int slash = url.lastIndexOf('/');
        return slash > 0 ? url.substring(0, slash + 1) + "…" : url;
    }
}
