// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.testkit;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Synthetic media for tests: N seconds of H.264 (FFmpeg's {@code libopenh264} encoder; the LGPL
 * natives carry no x264) and AAC-LC (FFmpeg's {@code aac} encoder), encoded once per {@link Spec}
 * and turned into the media module's {@link Track}s and {@link AccessUnit}s the way an ingest edge
 * would: NAL units without start codes, an avcC and an AudioSpecificConfig, RFC 6381 codec
 * strings, timestamps in the chosen track timescales.
 *
 * <p>The picture is a moving gradient with a sliding box, the sound a 440 Hz tone, so decoders do
 * real work. There are no B-frames (pts == dts for video).
 *
 * <p>Threading and ownership: instances are immutable and cached per spec; the access units and
 * their byte arrays are shared and must never be modified. Encoding blocks (FFmpeg); call it from
 * a test thread, never from an event loop. {@link #units()} carries {@code arrivalNanos} and
 * {@code wallClockMillis} of 0; {@link #feed} stamps both as it writes.
 */
public final class SampleMedia {

    /**
     * What to encode.
     *
     * @param width          picture width (even)
     * @param height         picture height (even)
     * @param fps            frames per second
     * @param gopFrames      frames from one IDR to the next
     * @param seconds        how long
     * @param videoTimescale units per second of video pts/dts (1000 like RTMP, 90000 like RTP)
     * @param audioTimescale units per second of audio pts/dts (1000, or the sample rate)
     * @param sampleRate     audio sample rate
     * @param channels       audio channels (1 or 2)
     * @param video          whether to produce a video track
     * @param audio          whether to produce an audio track
     */
    public record Spec(int width, int height, int fps, int gopFrames, double seconds, int videoTimescale,
                       int audioTimescale, int sampleRate, int channels, boolean video, boolean audio) {

        /** 640x360 at 30 fps, 2 s GOP, 10 s, timescale 1000 for both tracks, 48 kHz stereo. */
        public static Spec defaults() {
            return new Spec(640, 360, 30, 60, 10, 1000, 1000, 48000, 2, true, true);
        }

        /** The same spec with another picture size. */
        public Spec withSize(int w, int h) {
            return new Spec(w, h, fps, gopFrames, seconds, videoTimescale, audioTimescale, sampleRate, channels, video, audio);
        }

        /** The same spec with another frame rate and GOP length (in frames). */
        public Spec withFrameRate(int newFps, int newGopFrames) {
            return new Spec(width, height, newFps, newGopFrames, seconds, videoTimescale, audioTimescale, sampleRate,
                    channels, video, audio);
        }

        /** The same spec with another length. */
        public Spec withSeconds(double s) {
            return new Spec(width, height, fps, gopFrames, s, videoTimescale, audioTimescale, sampleRate, channels, video, audio);
        }

        /** The same spec with other track timescales (e.g. 90000 and the sample rate, like RTP). */
        public Spec withTimescales(int videoTs, int audioTs) {
            return new Spec(width, height, fps, gopFrames, seconds, videoTs, audioTs, sampleRate, channels, video, audio);
        }

        /** The same spec with another audio sample rate and channel count. */
        public Spec withAudio(int rate, int ch) {
            return new Spec(width, height, fps, gopFrames, seconds, videoTimescale, audioTimescale, rate, ch, video, audio);
        }

        /** The same spec without audio. */
        public Spec videoOnly() {
            return new Spec(width, height, fps, gopFrames, seconds, videoTimescale, audioTimescale, sampleRate, channels, true, false);
        }

        /** The same spec without video. */
        public Spec audioOnly() {
            return new Spec(width, height, fps, gopFrames, seconds, videoTimescale, audioTimescale, sampleRate, channels, false, true);
        }
    }

    private static final Map<Spec, SampleMedia> CACHE = new ConcurrentHashMap<>();
    private static final int AAC_FRAME = 1024;
    /** Demotes the encoders' warnings and statistics below FFmpeg's default log level. */
    private static final int QUIET = 16;

    private final Spec spec;
    private final Track video;
    private final Track audio;
    private final List<AccessUnit> units;

    private SampleMedia(Spec spec, Track video, Track audio, List<AccessUnit> units) {
        this.spec = spec;
        this.video = video;
        this.audio = audio;
        this.units = List.copyOf(units);
    }

    /** Encodes (or returns the cached encoding of) {@code spec}. Blocks for a second or two. */
    public static SampleMedia encode(Spec spec) {
        return CACHE.computeIfAbsent(spec, SampleMedia::doEncode);
    }

    /** {@link Spec#defaults()} with the given length. */
    public static SampleMedia seconds(double seconds) {
        return encode(Spec.defaults().withSeconds(seconds));
    }

    /** What was encoded. */
    public Spec spec() {
        return spec;
    }

    /** The video track (id 0), if the spec asked for one. */
    public Optional<Track> video() {
        return Optional.ofNullable(video);
    }

    /** The audio track (id 1, or 0 when audio-only), if the spec asked for one. */
    public Optional<Track> audio() {
        return Optional.ofNullable(audio);
    }

    /** The tracks in id order, as a publisher would declare them. */
    public List<Track> tracks() {
        List<Track> out = new ArrayList<>();
        if (video != null) {
            out.add(video);
        }
        if (audio != null) {
            out.add(audio);
        }
        return out;
    }

    /** Every access unit, interleaved by decode time; the first is a video keyframe (if video). */
    public List<AccessUnit> units() {
        return units;
    }

    /** Video access units only. */
    public List<AccessUnit> videoUnits() {
        return units.stream().filter(u -> u.track() == video).toList();
    }

    /** Audio access units only. */
    public List<AccessUnit> audioUnits() {
        return units.stream().filter(u -> u.track() == audio).toList();
    }

    /** The units with decode time below {@code seconds}. */
    public List<AccessUnit> firstSeconds(double seconds) {
        long limit = Math.round(seconds * 1_000_000);
        return units.stream().filter(u -> u.dtsMicros() < limit).toList();
    }

    /**
     * The units repeated {@code times} times back to back, each repetition shifted by the sample's
     * length, as one continuous stream (every repetition starts with an IDR).
     */
    public List<AccessUnit> repeated(int times) {
        List<AccessUnit> out = new ArrayList<>(units.size() * times);
        for (int i = 0; i < times; i++) {
            for (AccessUnit u : units) {
                long shift = Math.round(i * spec.seconds() * u.track().timescale());
                out.add(new AccessUnit(u.track(), u.pts() + shift, u.dts() + shift, u.keyframe(),
                        u.arrivalNanos(), u.wallClockMillis(), u.payload()));
            }
        }
        return out;
    }

    /** A copy of {@code unit} with new arrival and wall-clock times. */
    public static AccessUnit stamp(AccessUnit unit, long arrivalNanos, long wallClockMillis) {
        return new AccessUnit(unit.track(), unit.pts(), unit.dts(), unit.keyframe(), arrivalNanos,
                wallClockMillis, unit.payload());
    }

    /**
     * Writes {@code units} to {@code out} paced at {@code speed} times real time (0 or less: as fast
     * as possible), stamping each with {@code arrivalNanos = System.nanoTime()} and a wall clock of
     * {@code wallClockBaseMillis} plus its decode time, so program-date-time and durations follow
     * the timestamps and not the pacing. Blocks the calling thread.
     *
     * @return the number of units written
     */
    public static int feed(List<AccessUnit> units, Consumer<AccessUnit> out, double speed, long wallClockBaseMillis) {
        if (units.isEmpty()) {
            return 0;
        }
        long firstMicros = units.getFirst().dtsMicros();
        long start = System.nanoTime();
        for (AccessUnit u : units) {
            long dueMicros = u.dtsMicros() - firstMicros;
            if (speed > 0) {
                long dueNanos = start + (long) (dueMicros * 1000 / speed);
                long wait = dueNanos - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            out.accept(stamp(u, System.nanoTime(), wallClockBaseMillis + u.dtsMicros() / 1000));
        }
        return units.size();
    }

    // ---------------------------------------------------------------- encoding

    private static SampleMedia doEncode(Spec spec) {
        if (!spec.video() && !spec.audio()) {
            throw new IllegalArgumentException("nothing to encode");
        }
        List<AccessUnit> all = new ArrayList<>();
        Track v = null;
        Track a = null;
        if (spec.video()) {
            v = encodeVideo(spec, all);
        }
        if (spec.audio()) {
            a = encodeAudio(spec, v == null ? 0 : 1, all);
        }
        // Interleave by decode time; at equal times video first (it carries the keyframe).
        all.sort(Comparator.comparingLong(AccessUnit::dtsMicros)
                .thenComparing(u -> u.track().mediaType().ordinal()));
        return new SampleMedia(spec, v, a, all);
    }

    private static Track encodeVideo(Spec spec, List<AccessUnit> out) {
        AVCodec codec = avcodec_find_encoder_by_name("libopenh264");
        if (codec == null) {
            throw new IllegalStateException("libopenh264 encoder not available in these FFmpeg natives");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        try {
            c.log_level_offset(QUIET);
            c.width(spec.width()).height(spec.height()).pix_fmt(AV_PIX_FMT_YUV420P)
                    .time_base(av_make_q(1, spec.fps())).framerate(av_make_q(spec.fps(), 1))
                    .gop_size(spec.gopFrames()).max_b_frames(0)
                    .bit_rate((long) spec.width() * spec.height() * spec.fps() / 10);
            c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            check(avcodec_open2(c, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "open libopenh264");
            byte[] extradata = bytes(c.extradata(), c.extradata_size());
            List<byte[]> params = splitAnnexB(extradata);
            byte[] sps = params.stream().filter(n -> (n[0] & 0x1f) == 7).findFirst().orElseThrow();
            byte[] pps = params.stream().filter(n -> (n[0] & 0x1f) == 8).findFirst().orElseThrow();
            String codecString = String.format(Locale.ROOT, "avc1.%02x%02x%02x", sps[1] & 0xff, sps[2] & 0xff, sps[3] & 0xff);
            Track track = new Track(0, Codec.H264, spec.videoTimescale(), new CodecConfig.Avc(avcC(sps, pps)),
                    spec.width(), spec.height(), 0, 0, codecString);

            frame.format(AV_PIX_FMT_YUV420P).width(spec.width()).height(spec.height());
            check(av_frame_get_buffer(frame, 0), "frame buffer");
            int frames = (int) Math.round(spec.seconds() * spec.fps());
            for (int i = 0; i <= frames; i++) {
                if (i < frames) {
                    check(av_frame_make_writable(frame), "frame writable");
                    paint(frame, spec, i);
                    frame.pts(i);
                    check(avcodec_send_frame(c, frame), "send video frame");
                } else {
                    check(avcodec_send_frame(c, null), "flush video");
                }
                drain(c, pkt, p -> {
                    long ts = Math.round(p.pts() * (double) spec.videoTimescale() / spec.fps());
                    List<byte[]> nalus = splitAnnexB(bytes(p.data(), p.size()));
                    out.add(new AccessUnit(track, ts, ts, (p.flags() & AV_PKT_FLAG_KEY) != 0, 0, 0,
                            new Payload.H264(nalus)));
                });
            }
            return track;
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(c);
        }
    }

    private static Track encodeAudio(Spec spec, int trackId, List<AccessUnit> out) {
        AVCodec codec = avcodec_find_encoder_by_name("aac");
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        try {
            c.log_level_offset(QUIET);
            c.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(spec.sampleRate()).bit_rate(64_000L * spec.channels())
                    .time_base(av_make_q(1, spec.sampleRate()));
            av_channel_layout_default(c.ch_layout(), spec.channels());
            c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            check(avcodec_open2(c, codec, (org.bytedeco.ffmpeg.avutil.AVDictionary) null), "open aac");
            byte[] asc = bytes(c.extradata(), c.extradata_size());
            int objectType = (asc[0] & 0xff) >> 3;
            Track track = new Track(trackId, Codec.AAC, spec.audioTimescale(), new CodecConfig.AudioSpecific(asc),
                    0, 0, spec.sampleRate(), spec.channels(), "mp4a.40." + objectType);

            frame.format(AV_SAMPLE_FMT_FLTP).nb_samples(c.frame_size()).sample_rate(spec.sampleRate());
            check(av_channel_layout_copy(frame.ch_layout(), c.ch_layout()), "channel layout");
            check(av_frame_get_buffer(frame, 0), "audio frame buffer");
            int frames = (int) Math.ceil(spec.seconds() * spec.sampleRate() / AAC_FRAME);
            float[] samples = new float[AAC_FRAME];
            int[] index = {0};
            for (int i = 0; i <= frames; i++) {
                if (i < frames) {
                    check(av_frame_make_writable(frame), "audio writable");
                    for (int s = 0; s < AAC_FRAME; s++) {
                        double t = (double) (i * AAC_FRAME + s) / spec.sampleRate();
                        samples[s] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t));
                    }
                    for (int ch = 0; ch < spec.channels(); ch++) {
                        new FloatPointer(frame.data(ch)).put(samples, 0, AAC_FRAME);
                    }
                    frame.pts((long) i * AAC_FRAME);
                    check(avcodec_send_frame(c, frame), "send audio frame");
                } else {
                    check(avcodec_send_frame(c, null), "flush audio");
                }
                drain(c, pkt, p -> {
                    // Encoder priming makes the first pts negative; an edge sees a plain 1024-sample cadence.
                    long n = index[0]++;
                    long ts = Math.round(n * AAC_FRAME * (double) spec.audioTimescale() / spec.sampleRate());
                    if (n < frames) {
                        out.add(new AccessUnit(track, ts, ts, true, 0, 0, new Payload.Aac(bytes(p.data(), p.size()))));
                    }
                });
            }
            return track;
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(c);
        }
    }

    private static void drain(AVCodecContext c, AVPacket pkt, Consumer<AVPacket> sink) {
        while (true) {
            int ret = avcodec_receive_packet(c, pkt);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "receive packet");
            try {
                sink.accept(pkt);
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    private static void paint(AVFrame frame, Spec spec, int i) {
        int w = spec.width();
        int h = spec.height();
        byte[] row = new byte[w];
        BytePointer y = frame.data(0);
        int ls = frame.linesize(0);
        int boxX = (i * 7) % Math.max(1, w - w / 5);
        int boxY = (i * 3) % Math.max(1, h - h / 5);
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                boolean inBox = x >= boxX && x < boxX + w / 5 && r >= boxY && r < boxY + h / 5;
                row[x] = (byte) (inBox ? 235 : 16 + ((x + r + i * 4) & 0x7f));
            }
            y.position((long) r * ls).put(row, 0, w);
        }
        for (int plane = 1; plane <= 2; plane++) {
            BytePointer p = frame.data(plane);
            int pls = frame.linesize(plane);
            byte value = (byte) (plane == 1 ? 128 + 40 * Math.sin(i / 20.0) : 128 - 40 * Math.cos(i / 25.0));
            java.util.Arrays.fill(row, 0, w / 2, value);
            for (int r = 0; r < h / 2; r++) {
                p.position((long) r * pls).put(row, 0, w / 2);
            }
        }
    }

    /** Splits an Annex B byte stream into NAL units (without start codes). */
    static List<byte[]> splitAnnexB(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < data.length) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                if (start >= 0) {
                    out.add(trimZeros(data, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < data.length) {
            out.add(java.util.Arrays.copyOfRange(data, start, data.length));
        }
        return out;
    }

    private static byte[] trimZeros(byte[] data, int from, int to) {
        int end = to;
        while (end > from && data[end - 1] == 0) {
            end--;
        }
        return java.util.Arrays.copyOfRange(data, from, end);
    }

    /** An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1) with 4-byte NAL lengths. */
    static byte[] avcC(byte[] sps, byte[] pps) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(1);
        b.write(sps[1]);
        b.write(sps[2]);
        b.write(sps[3]);
        b.write(0xff);
        b.write(0xe1);
        b.write(sps.length >> 8);
        b.write(sps.length);
        b.writeBytes(sps);
        b.write(1);
        b.write(pps.length >> 8);
        b.write(pps.length);
        b.writeBytes(pps);
        int profile = sps[1] & 0xff;
        if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
            b.write(0xfd); // chroma_format_idc 1 (4:2:0)
            b.write(0xf8); // bit depth luma 8
            b.write(0xf8); // bit depth chroma 8
            b.write(0);    // no SPS extensions
        }
        return b.toByteArray();
    }

    private static byte[] bytes(BytePointer p, int size) {
        byte[] b = new byte[size];
        p.position(0).get(b, 0, size);
        return b;
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            String msg = new String(buf, java.nio.charset.StandardCharsets.UTF_8).trim().replace("\0", "");
            throw new IllegalStateException(what + " failed: " + msg + " (" + ret + ")");
        }
    }
}
