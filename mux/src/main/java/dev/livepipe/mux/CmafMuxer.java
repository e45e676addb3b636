// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.livepipe.media.Track;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * One fragmented-MP4 (CMAF) output of FFmpeg's {@code mp4} muxer, for the tracks of one publisher
 * session, written to memory: {@link #flush()} cuts a fragment and returns its bytes. The first
 * flush returns the initialization segment ({@code ftyp}+{@code moov}, the muxer runs with
 * {@code delay_moov}), each later one a media segment ({@code moof}+{@code mdat}).
 *
 * <p>Muxer flags: {@code cmaf} (brands {@code cmfc}, {@code default-base-is-moof}, trun v1 with
 * signed composition offsets, so no edit lists for B-frames), {@code frag_custom} (fragments only
 * where the caller cuts them), {@code delay_moov} (the moov can describe what the first
 * packets taught the muxer), {@code frag_discont} (fragment decode times ({@code tfdt}) are the
 * caller's timestamps rather than rebased to zero, so a new muxer after a reconnect continues
 * the broadcast's timeline) and {@code skip_trailer} (no mfra for a live output).
 *
 * <p>Threading: not thread-safe and blocking; use it from one worker thread at a time, never an
 * event loop. Ownership: every native resource (format context, AVIO context and buffer,
 * packet and its sample buffer) belongs to this object and is freed by {@link #close()}; sample
 * arrays passed to {@link #write} are copied.
 *
 * <p>Packets: one native sample buffer is reused for every packet (grown when a sample does not
 * fit) and handed to {@code av_write_frame} as a non-reference-counted packet, which the muxer
 * copies into its fragment; no allocation per sample.
 */
public final class CmafMuxer implements AutoCloseable {

    static final String MOVFLAGS = "cmaf+frag_custom+delay_moov+skip_trailer+frag_discont";

    /** avformat.h: the caller supplied pb; avformat never closes it. */
    private static final int AVFMT_FLAG_CUSTOM_IO = 0x0080;
    private static final AtomicInteger OPEN = new AtomicInteger();

    private final List<Track> tracks;
    private final SegmentMemory memory;
    private final AVRational[] inputTimeBase;
    private final AVRational[] streamTimeBase;
    private AVFormatContext ctx;
    private AvioCollector output;
    private AVPacket packet;
    private BytePointer sampleBuffer;
    private int sampleCapacity;
    private boolean headerWritten;
    private byte[] init;

    /**
     * Opens the muxer and writes the header (nothing comes out before the first flush).
     *
     * @param tracks the tracks to carry, each {@link StreamSetup#supports supported}; stream
     *               {@code i} of the output is {@code tracks.get(i)}
     * @param memory where media segments are kept
     * @throws FfmpegException if FFmpeg refuses the setup
     */
    public CmafMuxer(List<Track> tracks, SegmentMemory memory) {
        this.tracks = List.copyOf(tracks);
        this.memory = memory;
        this.inputTimeBase = new AVRational[tracks.size()];
        this.streamTimeBase = new AVRational[tracks.size()];
        OPEN.incrementAndGet();
        try {
            open();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    private void open() {
        ctx = new AVFormatContext(null);
        FfmpegException.check(avformat_alloc_output_context2(ctx, null, "mp4", null), "avformat_alloc_output_context2");
        output = new AvioCollector(ctx, memory);
        ctx.pb(output.context());
        ctx.flags(ctx.flags() | AVFMT_FLAG_CUSTOM_IO);
        for (int i = 0; i < tracks.size(); i++) {
            Track track = tracks.get(i);
            AVStream st = avformat_new_stream(ctx, null);
            if (st == null || st.isNull()) {
                throw new OutOfMemoryError("avformat_new_stream");
            }
            StreamSetup.apply(st.codecpar(), track);
            int[] tb = StreamSetup.inputTimeBase(track);
            inputTimeBase[i] = av_make_q(tb[0], tb[1]);
            st.time_base(inputTimeBase[i]);
        }
        AVDictionary options = new AVDictionary(null);
        try {
            av_dict_set(options, "movflags", MOVFLAGS, 0);
            FfmpegException.check(avformat_write_header(ctx, options), "avformat_write_header");
            headerWritten = true;
        } finally {
            av_dict_free(options);
        }
        // The muxer may have chosen other time bases; keep Java-owned copies (no native churn per packet).
        for (int i = 0; i < tracks.size(); i++) {
            AVRational tb = ctx.streams(i).time_base();
            streamTimeBase[i] = av_make_q(tb.num(), tb.den());
        }
        packet = av_packet_alloc();
        if (packet == null || packet.isNull()) {
            throw new OutOfMemoryError("av_packet_alloc");
        }
    }

    /** The tracks, in stream order. */
    public List<Track> tracks() {
        return tracks;
    }

    /**
     * Adds one sample to the current fragment.
     *
     * @param stream   the stream index (position in {@link #tracks()})
     * @param pts      presentation time in the stream's input time base ({@link StreamSetup#inputTimeBase})
     * @param dts      decode time, strictly increasing per stream
     * @param duration the sample's duration (needed for the last sample of each fragment)
     * @param keyframe a sync sample
     * @param sample   the sample bytes (see {@link SampleBytes}); copied
     */
    public void write(int stream, long pts, long dts, long duration, boolean keyframe, byte[] sample) {
        ensureOpen();
        AVRational out = streamTimeBase[stream];
        AVRational in = inputTimeBase[stream];
        BytePointer data = sampleBuffer(sample.length);
        data.position(0).put(sample, 0, sample.length);
        data.position(sample.length).put(PADDING, 0, PADDING.length); // FFmpeg's zeroed padding
        data.position(0);
        packet.data(data);
        packet.size(sample.length);
        packet.stream_index(stream);
        packet.pts(av_rescale_q(pts, in, out));
        packet.dts(av_rescale_q(dts, in, out));
        packet.duration(av_rescale_q(duration, in, out));
        packet.flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        FfmpegException.check(av_write_frame(ctx, packet), "av_write_frame");
    }

    private static final byte[] PADDING = new byte[AV_INPUT_BUFFER_PADDING_SIZE];

    /** The reused native sample buffer, at least {@code size} bytes plus padding. */
    private BytePointer sampleBuffer(int size) {
        if (size > sampleCapacity) {
            int capacity = Math.max(size, Math.max(64 * 1024, sampleCapacity * 2));
            BytePointer grown = new BytePointer(av_malloc(capacity + (long) AV_INPUT_BUFFER_PADDING_SIZE));
            if (grown.isNull()) {
                throw new OutOfMemoryError("av_malloc(" + capacity + ")");
            }
            freeSampleBuffer();
            sampleBuffer = grown;
            sampleCapacity = capacity;
        }
        return sampleBuffer;
    }

    private void freeSampleBuffer() {
        if (sampleBuffer != null) {
            if (packet != null) {
                packet.data(null);
                packet.size(0);
            }
            av_free(sampleBuffer.position(0));
            sampleBuffer = null;
            sampleCapacity = 0;
        }
    }

    /**
     * Cuts the fragment: returns the media segment ({@code moof}+{@code mdat}) of everything
     * written since the previous flush (one reference, owned by the caller), or
     * {@link SegmentBytes#empty()} if nothing was. The first call also produces the
     * {@link #initSegment() init segment}.
     */
    public SegmentBytes flush() {
        ensureOpen();
        if (init == null) {
            // With delay_moov the first flush writes only ftyp+moov and keeps the samples.
            FfmpegException.check(av_write_frame(ctx, null), "av_write_frame(flush moov)");
            init = output.takeArray();
        }
        FfmpegException.check(av_write_frame(ctx, null), "av_write_frame(flush fragment)");
        return output.takeSegment();
    }

    /** The init segment ({@code ftyp}+{@code moov}), or null before the first {@link #flush()}. */
    public byte[] initSegment() {
        return init;
    }

    /** How many muxers are open in this process (for leak checks). */
    public static int openCount() {
        return OPEN.get();
    }

    private void ensureOpen() {
        if (ctx == null) {
            throw new IllegalStateException("muxer closed");
        }
    }

    /** Frees every native resource; idempotent. */
    @Override
    public void close() {
        if (ctx == null && output == null && packet == null && sampleBuffer == null) {
            return;
        }
        try {
            if (headerWritten) {
                headerWritten = false;
                av_write_trailer(ctx); // skip_trailer: nothing useful is written, state is released
            }
        } finally {
            freeSampleBuffer();
            if (packet != null) {
                av_packet_free(packet); // not reference-counted: frees the packet, not our buffer
                packet = null;
            }
            if (ctx != null) {
                if (!ctx.isNull()) {
                    ctx.pb(null);
                    avformat_free_context(ctx);
                }
                ctx = null;
            }
            if (output != null) {
                output.close();
                output = null;
            }
            OPEN.decrementAndGet();
        }
    }
}
