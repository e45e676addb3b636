// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_opt_set;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/** FFmpeg encoders and strict decoders for the receive-path tests (blocking; test threads only). */
final class TestCodecs {

    /** An encoded packet with its pts and key flag. */
    record Encoded(byte[] data, long pts, boolean key) { }

    private TestCodecs() {
    }

    /** {@code seconds} of a 440 Hz stereo sine as 20 ms Opus packets (libopus, 48 kHz). */
    static List<Encoded> opusSine(double seconds) {
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        List<Encoded> out = new ArrayList<>();
        try {
            c.sample_fmt(AV_SAMPLE_FMT_S16).sample_rate(48_000).bit_rate(64_000).time_base(av_make_q(1, 48_000));
            av_channel_layout_default(c.ch_layout(), 2);
            check(avcodec_open2(c, codec, (AVDictionary) null), "open libopus");
            int n = c.frame_size();
            frame.format(AV_SAMPLE_FMT_S16).nb_samples(n).sample_rate(48_000);
            av_channel_layout_default(frame.ch_layout(), 2);
            check(av_frame_get_buffer(frame, 0), "buffer");
            int frames = (int) Math.round(seconds * 48_000 / n);
            short[] pcm = new short[n * 2];
            for (int i = 0; i <= frames; i++) {
                if (i < frames) {
                    check(av_frame_make_writable(frame), "writable");
                    for (int s = 0; s < n; s++) {
                        short v = (short) (8000 * Math.sin(2 * Math.PI * 440 * (i * n + s) / 48_000.0));
                        pcm[2 * s] = v;
                        pcm[2 * s + 1] = v;
                    }
                    new ShortPointer(frame.data(0)).put(pcm, 0, pcm.length);
                    frame.pts((long) i * n);
                    check(avcodec_send_frame(c, frame), "send");
                } else {
                    check(avcodec_send_frame(c, null), "flush");
                }
                drain(c, pkt, out);
            }
            return out;
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(c);
        }
    }

    /** {@code frames} VP8 frames of a moving pattern (libvpx, realtime, no lag). */
    static List<Encoded> vp8(int width, int height, int fps, int frames) {
        AVCodec codec = avcodec_find_encoder_by_name("libvpx");
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        List<Encoded> out = new ArrayList<>();
        try {
            c.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P).time_base(av_make_q(1, fps))
                    .framerate(av_make_q(fps, 1)).gop_size(fps * 3).bit_rate(2_000_000);
            av_opt_set(c.priv_data(), "deadline", "realtime", 0);
            av_opt_set(c.priv_data(), "cpu-used", "8", 0);
            av_opt_set(c.priv_data(), "lag-in-frames", "0", 0);
            check(avcodec_open2(c, codec, (AVDictionary) null), "open libvpx");
            frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
            check(av_frame_get_buffer(frame, 0), "buffer");
            for (int i = 0; i <= frames; i++) {
                if (i < frames) {
                    check(av_frame_make_writable(frame), "writable");
                    paint(frame, width, height, i);
                    frame.pts(i);
                    check(avcodec_send_frame(c, frame), "send");
                } else {
                    check(avcodec_send_frame(c, null), "flush");
                }
                drain(c, pkt, out);
            }
            return out;
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(c);
        }
    }

    /** Decodes H.264 access units strictly (AV_EF_EXPLODE); returns the pictures decoded. */
    static int decodeH264(Track track, List<AccessUnit> units) {
        return decode(AV_CODEC_ID_H264, track.config().bytes(), units, true);
    }

    /** Decodes AAC access units; returns the samples decoded (per channel). */
    static int decodeAac(Track track, List<AccessUnit> units) {
        return decode(AV_CODEC_ID_AAC, track.config().bytes(), units, false);
    }

    private static int decode(int codecId, byte[] extradata, List<AccessUnit> units, boolean video) {
        AVCodec codec = avcodec_find_decoder(codecId);
        AVCodecContext c = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket pkt = av_packet_alloc();
        int count = 0;
        try {
            BytePointer ed = new BytePointer(av_malloc(extradata.length + 64)).capacity(extradata.length + 64);
            ed.put(extradata, 0, extradata.length);
            for (int i = 0; i < 64; i++) {
                ed.put(extradata.length + i, (byte) 0);
            }
            c.extradata(ed).extradata_size(extradata.length);
            c.err_recognition(AV_EF_EXPLODE);
            check(avcodec_open2(c, codec, (AVDictionary) null), "open decoder");
            for (int i = 0; i <= units.size(); i++) {
                if (i < units.size()) {
                    byte[] data = bytes(units.get(i).payload());
                    check(av_new_packet(pkt, data.length), "packet");
                    pkt.data().put(data, 0, data.length);
                    pkt.pts(units.get(i).pts());
                    if (units.get(i).keyframe()) {
                        pkt.flags(AV_PKT_FLAG_KEY);
                    }
                    check(avcodec_send_packet(c, pkt), "decode unit " + i);
                    av_packet_unref(pkt);
                } else {
                    check(avcodec_send_packet(c, null), "flush");
                }
                while (true) {
                    int ret = avcodec_receive_frame(c, frame);
                    if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                        break;
                    }
                    check(ret, "receive frame");
                    count += video ? 1 : frame.nb_samples();
                    av_frame_unref(frame);
                }
            }
            return count;
        } finally {
            av_packet_free(pkt);
            av_frame_free(frame);
            avcodec_free_context(c);
        }
    }

    private static byte[] bytes(Payload payload) {
        return switch (payload) {
            case Payload.H264 h -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (byte[] n : h.nalus()) {
                    b.write(n.length >>> 24);
                    b.write(n.length >>> 16);
                    b.write(n.length >>> 8);
                    b.write(n.length);
                    b.writeBytes(n);
                }
                yield b.toByteArray();
            }
            case Payload.Aac a -> a.frame();
            default -> throw new IllegalArgumentException("not decoded here: " + payload);
        };
    }

    private static void drain(AVCodecContext c, AVPacket pkt, List<Encoded> out) {
        while (true) {
            int ret = avcodec_receive_packet(c, pkt);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "receive packet");
            byte[] b = new byte[pkt.size()];
            pkt.data().get(b);
            out.add(new Encoded(b, pkt.pts(), (pkt.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(pkt);
        }
    }

    private static void paint(AVFrame frame, int w, int h, int i) {
        byte[] row = new byte[w];
        BytePointer y = frame.data(0);
        for (int r = 0; r < h; r++) {
            for (int x = 0; x < w; x++) {
                row[x] = (byte) (16 + ((x + r + i * 4) & 0x7F));
            }
            y.position((long) r * frame.linesize(0)).put(row, 0, w);
        }
        for (int plane = 1; plane <= 2; plane++) {
            java.util.Arrays.fill(row, 0, w / 2, (byte) (128 + (plane == 1 ? i % 40 : -(i % 40))));
            BytePointer p = frame.data(plane);
            for (int r = 0; r < h / 2; r++) {
                p.position((long) r * frame.linesize(plane)).put(row, 0, w / 2);
            }
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed: " + ret);
        }
    }
}
