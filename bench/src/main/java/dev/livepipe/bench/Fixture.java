// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The pre-encoded source every publisher replays: the packets of the fixture file in decode
 * order (millisecond timestamps, one loop long), and the codec parameters an FLV muxer needs.
 *
 * <p>Loaded once with {@link FFmpegFrameGrabber#grabPacket()} and shared read-only between
 * publisher threads; the {@link AVCodecParameters} live as long as the process.
 */
public final class Fixture {

    private final Path file;
    private final List<FixturePacket> packets;
    private final long loopMillis;
    private final AVCodecParameters videoParams;
    private final AVCodecParameters audioParams;
    private final String description;

    private Fixture(Path file, List<FixturePacket> packets, long loopMillis, AVCodecParameters videoParams,
                    AVCodecParameters audioParams, String description) {
        this.file = file;
        this.packets = packets;
        this.loopMillis = loopMillis;
        this.videoParams = videoParams;
        this.audioParams = audioParams;
        this.description = description;
    }

    /** Encodes {@code file} if it is missing, then loads it. */
    public static Fixture prepare(Path file, int seconds) throws IOException {
        if (!Files.isRegularFile(file)) {
            long t0 = System.nanoTime();
            System.out.printf(Locale.ROOT, "Encoding the %d s 720p30 fixture into %s (once; cached) ...%n", seconds, file);
            FixtureEncoder.encode(file, seconds);
            System.out.printf(Locale.ROOT, "  encoded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        return load(file);
    }

    /** Reads every packet of an FLV/MP4 file with one H.264 and one AAC stream. */
    public static Fixture load(Path file) throws IOException {
        List<FixturePacket> packets = new ArrayList<>();
        AVCodecParameters video = avcodec_parameters_alloc();
        AVCodecParameters audio = avcodec_parameters_alloc();
        String profile;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            g.start();
            AVFormatContext fmt = g.getFormatContext();
            int videoIndex = -1;
            int audioIndex = -1;
            for (int i = 0; i < fmt.nb_streams(); i++) {
                AVStream st = fmt.streams(i);
                if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO && videoIndex < 0) {
                    videoIndex = i;
                    avcodec_parameters_copy(video, st.codecpar());
                } else if (st.codecpar().codec_type() == AVMEDIA_TYPE_AUDIO && audioIndex < 0) {
                    audioIndex = i;
                    avcodec_parameters_copy(audio, st.codecpar());
                }
            }
            if (videoIndex < 0 || audioIndex < 0) {
                throw new IOException(file + " needs one video and one audio stream");
            }
            profile = switch (video.profile()) {
                case 66 -> "Baseline";
                case 578 -> "Constrained Baseline";
                case 77 -> "Main";
                case 100 -> "High";
                default -> "profile " + video.profile();
            };
            AVPacket p;
            while ((p = g.grabPacket()) != null) {
                int si = p.stream_index();
                if (si != videoIndex && si != audioIndex) {
                    continue;
                }
                AVStream st = fmt.streams(si);
                long dts = avutil.av_rescale_q(p.dts(), st.time_base(), avutil.av_make_q(1, 1000));
                long pts = avutil.av_rescale_q(p.pts(), st.time_base(), avutil.av_make_q(1, 1000));
                byte[] data = new byte[p.size()];
                p.data().position(0).get(data);
                boolean isVideo = si == videoIndex;
                packets.add(new FixturePacket(isVideo, dts, pts, isVideo && (p.flags() & AV_PKT_FLAG_KEY) != 0, data));
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new IOException("cannot read " + file, e);
        }
        packets.sort(Comparator.comparingLong(FixturePacket::dtsMs).thenComparing(pk -> !pk.video()));
        List<FixturePacket> video0 = packets.stream().filter(FixturePacket::video).toList();
        if (video0.isEmpty() || !video0.getFirst().keyframe()) {
            throw new IOException(file + " must start with a video keyframe");
        }
        long origin = video0.getFirst().dtsMs();
        long frameMs = video0.size() > 1 ? (video0.getLast().dtsMs() - origin) / (video0.size() - 1) : 33;
        long loop = Math.round((video0.getLast().dtsMs() - origin + frameMs) / 1000.0) * 1000;
        long audioFrameMs = 1024L * 1000 / Math.max(1, audio.sample_rate());
        List<FixturePacket> kept = new ArrayList<>();
        long bytes = 0;
        for (FixturePacket pk : packets) {
            long dts = pk.dtsMs() - origin;
            boolean inLoop = dts >= 0 && (pk.video() ? dts < loop : dts + audioFrameMs < loop);
            if (inLoop) {
                kept.add(new FixturePacket(pk.video(), dts, pk.ptsMs() - origin, pk.keyframe(), pk.data()));
                bytes += pk.data().length;
            }
        }
        List<Long> keyframes = kept.stream().filter(FixturePacket::keyframe).map(FixturePacket::dtsMs).toList();
        for (int i = 0; i < keyframes.size(); i++) {
            if (keyframes.get(i) != i * 2000L || loop % 2000 != 0) {
                throw new IOException(file + ": keyframes must come exactly every 2000 ms (a 2 s GOP), found "
                        + keyframes.subList(0, Math.min(6, keyframes.size())) + "...; delete it to re-encode");
            }
        }
        String desc = String.format(Locale.ROOT,
                "%s: %dx%d H.264 %s + AAC %d Hz %d ch, %.1f s loop, %.2f Mbit/s total, keyframes every %s ms",
                file.getFileName(), video.width(), video.height(), profile, audio.sample_rate(),
                audio.ch_layout().nb_channels(), loop / 1000.0, bytes * 8.0 / loop / 1000.0, gopSummary(keyframes));
        return new Fixture(file, List.copyOf(kept), loop, video, audio, desc);
    }

    private static String gopSummary(List<Long> keyframes) {
        java.util.TreeSet<Long> gaps = new java.util.TreeSet<>();
        for (int i = 1; i < keyframes.size(); i++) {
            gaps.add(keyframes.get(i) - keyframes.get(i - 1));
        }
        return gaps.isEmpty() ? "-" : gaps.first().equals(gaps.last()) ? gaps.first().toString() : gaps.first() + ".." + gaps.last();
    }

    public Path file() {
        return file;
    }

    /** Packets of one loop in decode order, timestamps from 0; the first is a video keyframe. */
    public List<FixturePacket> packets() {
        return packets;
    }

    /** Length of one loop in milliseconds (a multiple of the GOP, so keyframes stay regular). */
    public long loopMillis() {
        return loopMillis;
    }

    public AVCodecParameters videoParams() {
        return videoParams;
    }

    public AVCodecParameters audioParams() {
        return audioParams;
    }

    /** One line: size, codecs, bitrate, keyframe spacing. */
    public String description() {
        return description;
    }
}
