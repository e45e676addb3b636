// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * What the WHIP load client replays: H.264 access units (as NAL units, SPS/PPS in front of every
 * IDR, like a browser sends them) and Opus packets, with presentation times, from a Matroska file
 * encoded once: 1280x720 30 fps {@code libopenh264} constrained baseline (what browsers offer as
 * {@code 42e01f}) at ~2.5 Mbit/s with an IDR every 2 s and no B-frames, plus {@code libopus}
 * 48 kHz stereo 20 ms frames at 64 kbit/s. The picture and sound are {@link FixtureEncoder}'s.
 */
final class RtpFixture {

    /** One access unit (video) or Opus packet (audio). */
    record Frame(boolean video, long ptsMicros, boolean keyframe, List<byte[]> nalus, byte[] opus) {
    }

    private final List<Frame> frames;
    private final long loopMicros;
    private final String description;

    private RtpFixture(List<Frame> frames, long loopMicros, String description) {
        this.frames = frames;
        this.loopMicros = loopMicros;
        this.description = description;
    }

    List<Frame> frames() {
        return frames;
    }

    long loopMicros() {
        return loopMicros;
    }

    String description() {
        return description;
    }

    /** Encodes {@code file} if it is missing, then loads it. */
    static RtpFixture prepare(Path file, int seconds) throws IOException {
        if (!Files.isRegularFile(file)) {
            System.out.println("Encoding the WHIP fixture " + file + " (" + seconds + " s, software) ...");
            encode(file, seconds);
        }
        return load(file, seconds);
    }

    private static void encode(Path target, int seconds) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".part.mkv");
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), FixtureEncoder.WIDTH, FixtureEncoder.HEIGHT, 2);
        try {
            rec.setFormat("matroska");
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(FixtureEncoder.FPS);
            rec.setGopSize(FixtureEncoder.GOP_FRAMES);
            rec.setVideoBitrate(2_500_000);
            rec.setVideoOption("profile", "constrained_baseline");
            rec.setVideoOption("rc_mode", "bitrate");
            rec.setVideoOption("allow_skip_frames", "0");
            rec.setMaxBFrames(0);
            rec.setAudioCodecName("libopus");
            rec.setSampleRate(48_000);
            rec.setAudioChannels(2);
            rec.setAudioBitrate(64_000);
            rec.start();
            int samplesPerFrame = 48_000 / FixtureEncoder.FPS;
            ByteBuffer yuv = ByteBuffer.allocateDirect(FixtureEncoder.WIDTH * FixtureEncoder.HEIGHT * 3 / 2);
            ShortBuffer pcm = ShortBuffer.allocate(samplesPerFrame * 2);
            for (int i = 0; i < seconds * FixtureEncoder.FPS; i++) {
                FixtureEncoder.paint(yuv, i);
                rec.recordImage(FixtureEncoder.WIDTH, FixtureEncoder.HEIGHT, 8, 1, FixtureEncoder.WIDTH, AV_PIX_FMT_YUV420P, yuv);
                FixtureEncoder.tone(pcm, i, samplesPerFrame);
                rec.recordSamples(48_000, 2, pcm);
            }
            rec.stop();
        } finally {
            rec.release();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static RtpFixture load(Path file, int seconds) throws IOException {
        List<Frame> frames = new ArrayList<>();
        long videoBytes = 0;
        long audioBytes = 0;
        List<Long> keyframes = new ArrayList<>();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVFormatContext fc = g.getFormatContext();
            int video = -1;
            int audio = -1;
            for (int i = 0; i < fc.nb_streams(); i++) {
                int type = fc.streams(i).codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
                    video = i;
                } else if (type == AVMEDIA_TYPE_AUDIO && audio < 0) {
                    audio = i;
                }
            }
            AVStream vs = fc.streams(video);
            List<byte[]> parameterSets = parameterSets(bytes(vs.codecpar().extradata(), vs.codecpar().extradata_size()));
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                int idx = p.stream_index();
                if (idx != video && idx != audio) {
                    continue;
                }
                AVStream st = fc.streams(idx);
                long pts = p.pts() * 1_000_000L * st.time_base().num() / st.time_base().den();
                byte[] data = bytes(p.data(), p.size());
                if (idx == video) {
                    List<byte[]> nalus = splitNalus(data);
                    boolean key = nalus.stream().anyMatch(n -> (n[0] & 0x1f) == 5);
                    if (key && nalus.stream().noneMatch(n -> (n[0] & 0x1f) == 7)) {
                        List<byte[]> withPs = new ArrayList<>(parameterSets);
                        withPs.addAll(nalus);
                        nalus = withPs;
                    }
                    nalus.removeIf(n -> (n[0] & 0x1f) == 9); // access unit delimiters: browsers send none
                    if (key) {
                        keyframes.add(pts);
                    }
                    videoBytes += data.length;
                    frames.add(new Frame(true, pts, key, List.copyOf(nalus), null));
                } else {
                    audioBytes += data.length;
                    frames.add(new Frame(false, pts, false, null, data));
                }
            }
            g.stop();
        }
        frames.sort(java.util.Comparator.comparingLong(Frame::ptsMicros));
        long base = frames.get(0).ptsMicros();
        List<Frame> rebased = frames.stream().map(f -> new Frame(f.video(), f.ptsMicros() - base, f.keyframe(),
                f.nalus(), f.opus())).toList();
        long loop = seconds * 1_000_000L;
        String description = String.format(Locale.ROOT,
                "%d s of 1280x720 30 fps H.264 constrained baseline (libopenh264) %.2f Mbit/s, IDR at %s s, + Opus 48 kHz stereo %.0f kbit/s; %d video AUs, %d Opus packets",
                seconds, videoBytes * 8.0 / seconds / 1e6,
                keyframes.stream().map(k -> String.format(Locale.ROOT, "%.2f", (k - base) / 1e6)).toList(),
                audioBytes * 8.0 / seconds / 1e3, rebased.stream().filter(Frame::video).count(),
                rebased.stream().filter(f -> !f.video()).count());
        return new RtpFixture(rebased, loop, description);
    }

    private static byte[] bytes(org.bytedeco.javacpp.BytePointer p, int size) {
        byte[] b = new byte[size];
        if (size > 0) {
            p.position(0).capacity(size).get(b);
        }
        return b;
    }

    /** SPS/PPS from avcC or Annex B extradata. */
    private static List<byte[]> parameterSets(byte[] extra) {
        List<byte[]> out = new ArrayList<>();
        if (extra.length > 6 && extra[0] == 1) {
            int pos = 5;
            int sps = extra[pos++] & 0x1f;
            for (int i = 0; i < sps; i++) {
                int len = (extra[pos] & 0xff) << 8 | extra[pos + 1] & 0xff;
                out.add(java.util.Arrays.copyOfRange(extra, pos + 2, pos + 2 + len));
                pos += 2 + len;
            }
            int pps = extra[pos++] & 0xff;
            for (int i = 0; i < pps; i++) {
                int len = (extra[pos] & 0xff) << 8 | extra[pos + 1] & 0xff;
                out.add(java.util.Arrays.copyOfRange(extra, pos + 2, pos + 2 + len));
                pos += 2 + len;
            }
        } else if (extra.length > 0) {
            out.addAll(splitNalus(extra));
        }
        return out;
    }

    /** NAL units of an Annex B or 4-byte length-prefixed (AVCC) payload. */
    static List<byte[]> splitNalus(byte[] d) {
        List<byte[]> out = new ArrayList<>();
        boolean annexB = d.length > 4 && d[0] == 0 && d[1] == 0 && (d[2] == 1 || d[2] == 0 && d[3] == 1);
        if (!annexB) {
            int pos = 0;
            while (pos + 4 <= d.length) {
                int len = (d[pos] & 0xff) << 24 | (d[pos + 1] & 0xff) << 16 | (d[pos + 2] & 0xff) << 8 | d[pos + 3] & 0xff;
                if (len <= 0 || pos + 4 + len > d.length) {
                    break;
                }
                out.add(java.util.Arrays.copyOfRange(d, pos + 4, pos + 4 + len));
                pos += 4 + len;
            }
            return out;
        }
        int start = -1;
        int i = 0;
        while (i + 2 < d.length) {
            if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
                if (start >= 0) {
                    int end = i;
                    while (end > start && d[end - 1] == 0) {
                        end--;
                    }
                    out.add(java.util.Arrays.copyOfRange(d, start, end));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < d.length) {
            out.add(java.util.Arrays.copyOfRange(d, start, d.length));
        }
        return out;
    }
}
