// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transcode;

import static dev.livepipe.ingest.whip.transcode.Ffmpeg.QUIET;
import static dev.livepipe.ingest.whip.transcode.Ffmpeg.check;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I;
import static org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * VP8 (RFC 6386) to H.264 through FFmpeg: the native VP8 decoder, then {@code libopenh264}
 * (the LGPL natives carry no x264) at a configured bitrate, no B-frames, an IDR every
 * {@code gopSeconds} (at the nominal frame rate) and on request ({@code forceKeyframe}). The
 * encoder opens on the first decoded picture and reopens when the picture size changes; SPS and
 * PPS come in band with each IDR (no global header), so the caller builds its avcC from them.
 *
 * <p>Timing: timestamps pass through unchanged (90 kHz on the caller's timeline); the encoder
 * has no reordering delay, so every frame in yields at most one frame out, pts == dts.
 *
 * <p>Threading: blocking native work; confine an instance to one worker thread, never an event
 * loop. {@link #close()} frees the native contexts.
 */
public final class Vp8ToH264 implements AutoCloseable {

    /**
     * One encoded H.264 access unit.
     *
     * @param nalus    NAL units without start codes (SPS/PPS included before IDRs)
     * @param pts      on the input timeline (90 kHz)
     * @param keyframe an IDR
     */
    public record H264Frame(List<byte[]> nalus, long pts, boolean keyframe) {
        public H264Frame { nalus = List.copyOf(nalus); }
    }

    private final long bitrate;
    private final int frameRate;
    private final int gopFrames;
    private final AVCodecContext decoder;
    private final AVCodec h264;
    private AVCodecContext encoder;
    private int width;
    private int height;
    private final AVPacket in = av_packet_alloc();
    private final AVPacket out = av_packet_alloc();
    private final AVFrame picture = av_frame_alloc();
    private long decodeErrors;
    private boolean closed;

    /**
     * @param bitrate    H.264 target bits per second
     * @param frameRate  nominal frame rate for rate control (browsers send ~30)
     * @param gopSeconds seconds between periodic IDRs (2 for 2 s HLS segments)
     */
    public Vp8ToH264(long bitrate, int frameRate, int gopSeconds) {
        this.bitrate = bitrate;
        this.frameRate = frameRate;
        this.gopFrames = Math.max(1, frameRate * gopSeconds);
        AVCodec vp8 = avcodec_find_decoder(AV_CODEC_ID_VP8);
        h264 = avcodec_find_encoder_by_name("libopenh264");
        if (vp8 == null || h264 == null) {
            throw new TranscodeException("FFmpeg natives lack the vp8 decoder or the libopenh264 encoder");
        }
        decoder = avcodec_alloc_context3(vp8);
        decoder.log_level_offset(QUIET);
        check(avcodec_open2(decoder, vp8, (AVDictionary) null), "open vp8 decoder");
    }

    /** VP8 frames the decoder rejected so far. */
    public long decodeErrors() {
        return decodeErrors;
    }

    /**
     * Decodes one VP8 frame stamped {@code pts} and encodes the picture; returns the H.264 access
     * units that came out (normally one). {@code forceKeyframe} makes the picture an IDR.
     */
    public List<H264Frame> transcode(byte[] vp8, long pts, boolean forceKeyframe) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        List<H264Frame> result = new ArrayList<>();
        check(av_new_packet(in, vp8.length), "vp8 packet");
        in.data().put(vp8, 0, vp8.length);
        in.pts(pts);
        in.dts(pts);
        int ret = avcodec_send_packet(decoder, in);
        av_packet_unref(in);
        if (ret < 0) {
            decodeErrors++;
            return result;
        }
        while (true) {
            ret = avcodec_receive_frame(decoder, picture);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF || ret < 0) {
                if (ret < 0 && ret != AVERROR_EAGAIN() && ret != AVERROR_EOF) {
                    decodeErrors++;
                }
                break;
            }
            encode(pts, forceKeyframe, result);
            av_frame_unref(picture);
        }
        return result;
    }

    private void encode(long pts, boolean forceKeyframe, List<H264Frame> result) {
        if (picture.format() != AV_PIX_FMT_YUV420P) {
            decodeErrors++; // VP8 is always 4:2:0; anything else is not for us
            return;
        }
        boolean reopened = false;
        if (encoder == null || picture.width() != width || picture.height() != height) {
            openEncoder(picture.width(), picture.height());
            reopened = true;
        }
        picture.pts(pts);
        picture.pict_type(forceKeyframe || reopened ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE);
        check(avcodec_send_frame(encoder, picture), "send frame to libopenh264");
        while (true) {
            int ret = avcodec_receive_packet(encoder, out);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "receive libopenh264 packet");
            List<byte[]> nalus = Ffmpeg.splitAnnexB(Ffmpeg.bytes(out.data(), out.size()));
            boolean idr = (out.flags() & AV_PKT_FLAG_KEY) != 0;
            for (byte[] n : nalus) {
                idr |= (n[0] & 0x1F) == 5;
            }
            if (!nalus.isEmpty()) {
                result.add(new H264Frame(nalus, out.pts(), idr));
            }
            av_packet_unref(out);
        }
    }

    private void openEncoder(int w, int h) {
        if (encoder != null) {
            avcodec_free_context(encoder);
        }
        encoder = avcodec_alloc_context3(h264);
        encoder.log_level_offset(QUIET);
        encoder.width(w).height(h).pix_fmt(AV_PIX_FMT_YUV420P)
                .time_base(av_make_q(1, 90_000)).framerate(av_make_q(frameRate, 1))
                .gop_size(gopFrames).max_b_frames(0).bit_rate(bitrate);
        check(avcodec_open2(encoder, h264, (AVDictionary) null), "open libopenh264");
        width = w;
        height = h;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(in);
        av_packet_free(out);
        av_frame_free(picture);
        avcodec_free_context(decoder);
        if (encoder != null) {
            avcodec_free_context(encoder);
        }
    }
}
