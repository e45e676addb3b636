// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transcode;

import static dev.livepipe.ingest.whip.transcode.Ffmpeg.QUIET;
import static dev.livepipe.ingest.whip.transcode.Ffmpeg.check;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.presets.avutil.AVERROR_EAGAIN;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Opus (RFC 7587: 48 kHz RTP clock, stereo signalled) to AAC-LC through FFmpeg: the native Opus
 * decoder, swresample to planar float 48 kHz stereo, a sample FIFO cut into 1024-sample frames,
 * FFmpeg's {@code aac} encoder (128 kbit/s by default).
 *
 * <p>Timing: input and output timestamps are 48 kHz sample counts on the caller's timeline.
 * Output is sample-continuous: a gap in the input (lost packets, DTX) of up to one second is
 * filled with silence, so AAC timestamps advance exactly 1024 per frame and stay aligned with
 * the input timeline; a larger jump or a step back of more than 100 ms restarts the cadence at
 * the new timestamp. Output timestamps are the encoder's, which precede the input by the AAC
 * priming delay (1024 samples), so the first frame may be stamped before the first input.
 *
 * <p>Threading: blocking native work; confine an instance to one worker thread (the receiver's
 * serial executor), never an event loop. {@link #close()} frees the native contexts; not
 * flushed (the last partial frame is dropped).
 */
public final class OpusToAac implements AutoCloseable {

    /** Sample rate of both sides. */
    public static final int SAMPLE_RATE = 48_000;
    /** AAC-LC frame length. */
    public static final int FRAME = 1024;
    private static final int CHANNELS = 2;
    private static final int FIFO = 16_384;
    private static final long MAX_FILL = SAMPLE_RATE;
    private static final long MAX_BACK = SAMPLE_RATE / 10;

    /**
     * One encoded AAC frame.
     *
     * @param data raw AAC (no ADTS), owned by the caller
     * @param pts  in 48 kHz samples on the input timeline
     */
    public record AacFrame(byte[] data, long pts) { }

    private final AVCodecContext decoder;
    private final AVCodecContext encoder;
    private final AVPacket packet = av_packet_alloc();
    private final AVPacket out = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final AVFrame converted = av_frame_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final byte[] asc;
    private SwrContext swr = swr_alloc();
    private final float[][] fifo = new float[CHANNELS][FIFO];
    private final float[] tmp = new float[FIFO];
    private int fifoCount;
    private long fifoPts = Long.MIN_VALUE; // pts of fifo[.][0]
    private long expected = Long.MIN_VALUE; // pts the next decoded sample should have
    private long silenceSamples;
    private boolean closed;

    /** Opens the decoder and the encoder at {@code bitrate} bits per second (e.g. 128 000). */
    public OpusToAac(int bitrate) {
        AVCodec dec = avcodec_find_decoder(AV_CODEC_ID_OPUS);
        AVCodec enc = avcodec_find_encoder_by_name("aac");
        if (dec == null || enc == null) {
            throw new TranscodeException("FFmpeg natives lack the opus decoder or the aac encoder");
        }
        decoder = avcodec_alloc_context3(dec);
        decoder.log_level_offset(QUIET);
        decoder.sample_rate(SAMPLE_RATE);
        av_channel_layout_default(decoder.ch_layout(), CHANNELS);
        check(avcodec_open2(decoder, dec, (AVDictionary) null), "open opus decoder");
        encoder = avcodec_alloc_context3(enc);
        encoder.log_level_offset(QUIET);
        encoder.sample_fmt(AV_SAMPLE_FMT_FLTP).sample_rate(SAMPLE_RATE).bit_rate(bitrate)
                .time_base(av_make_q(1, SAMPLE_RATE));
        av_channel_layout_default(encoder.ch_layout(), CHANNELS);
        encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        check(avcodec_open2(encoder, enc, (AVDictionary) null), "open aac encoder");
        asc = Ffmpeg.bytes(encoder.extradata(), encoder.extradata_size());
        frame.format(AV_SAMPLE_FMT_FLTP).nb_samples(FRAME).sample_rate(SAMPLE_RATE);
        av_channel_layout_default(frame.ch_layout(), CHANNELS);
        check(av_frame_get_buffer(frame, 0), "aac frame buffer");
    }

    /** The encoder's AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), a fresh copy. */
    public byte[] audioSpecificConfig() {
        return asc.clone();
    }

    /** Channels of the AAC output (2). */
    public int channels() {
        return CHANNELS;
    }

    /** Samples of silence inserted so far to bridge input gaps. */
    public long silenceSamples() {
        return silenceSamples;
    }

    /**
     * Decodes one Opus packet stamped {@code pts} (48 kHz samples) and returns the AAC frames that
     * became complete (often none or one). A packet the decoder rejects is skipped.
     */
    public List<AacFrame> transcode(byte[] opus, long pts) {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        List<AacFrame> result = new ArrayList<>();
        if (expected == Long.MIN_VALUE || pts - expected > MAX_FILL || expected - pts > MAX_BACK) {
            fifoCount = 0; // start (or restart) the cadence here
            fifoPts = pts;
            expected = pts;
        } else if (pts > expected) {
            long gap = pts - expected;
            silenceSamples += gap;
            append(null, 0, (int) gap, result);
        }
        check(av_new_packet(packet, opus.length), "opus packet");
        packet.data().put(opus, 0, opus.length);
        packet.pts(pts);
        int ret = avcodec_send_packet(decoder, packet);
        av_packet_unref(packet);
        if (ret < 0) {
            return result; // corrupt packet: the gap fill covers it next time
        }
        while (true) {
            ret = avcodec_receive_frame(decoder, decoded);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                break;
            }
            if (ret < 0) {
                break;
            }
            convert(result);
            av_frame_unref(decoded);
        }
        return result;
    }

    private void convert(List<AacFrame> result) {
        av_frame_unref(converted);
        converted.format(AV_SAMPLE_FMT_FLTP).sample_rate(SAMPLE_RATE);
        av_channel_layout_default(converted.ch_layout(), CHANNELS);
        check(swr_convert_frame(swr, converted, decoded), "swr_convert_frame");
        int n = converted.nb_samples();
        float[][] planes = new float[CHANNELS][];
        for (int ch = 0; ch < CHANNELS; ch++) {
            planes[ch] = new float[n];
            new FloatPointer(converted.data(ch)).get(planes[ch], 0, n);
        }
        expected += n;
        append(planes, 0, n, result);
    }

    /** Appends {@code n} samples (silence when {@code planes} is null), encoding full frames. */
    private void append(float[][] planes, int off, int n, List<AacFrame> result) {
        while (n > 0) {
            int k = Math.min(n, FIFO - fifoCount);
            for (int ch = 0; ch < CHANNELS; ch++) {
                if (planes == null) {
                    java.util.Arrays.fill(fifo[ch], fifoCount, fifoCount + k, 0f);
                } else {
                    System.arraycopy(planes[ch], off, fifo[ch], fifoCount, k);
                }
            }
            fifoCount += k;
            off += k;
            n -= k;
            while (fifoCount >= FRAME) {
                encodeOne(result);
            }
        }
    }

    private void encodeOne(List<AacFrame> result) {
        check(av_frame_make_writable(frame), "aac frame writable");
        for (int ch = 0; ch < CHANNELS; ch++) {
            System.arraycopy(fifo[ch], 0, tmp, 0, FRAME);
            new FloatPointer(frame.data(ch)).put(tmp, 0, FRAME);
            System.arraycopy(fifo[ch], FRAME, fifo[ch], 0, fifoCount - FRAME);
        }
        fifoCount -= FRAME;
        frame.pts(fifoPts);
        fifoPts += FRAME;
        check(avcodec_send_frame(encoder, frame), "send aac frame");
        while (true) {
            int ret = avcodec_receive_packet(encoder, out);
            if (ret == AVERROR_EAGAIN() || ret == AVERROR_EOF) {
                return;
            }
            check(ret, "receive aac packet");
            result.add(new AacFrame(Ffmpeg.bytes(out.data(), out.size()), out.pts()));
            av_packet_unref(out);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        av_packet_free(packet);
        av_packet_free(out);
        av_frame_free(decoded);
        av_frame_free(converted);
        av_frame_free(frame);
        avcodec_free_context(decoder);
        avcodec_free_context(encoder);
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
    }
}
