// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * One RTMP publisher that replays the {@link Fixture} by packet copy, in a loop, paced in real
 * time by decode timestamps, for a fixed duration — what {@code ffmpeg -re -stream_loop -1 -i f
 * -c copy -f flv rtmp://…} does, without a child process.
 *
 * <p>It uses FFmpeg's own FLV muxer and RTMP client (through JavaCPP) with {@code av_write_frame}
 * (no interleaving queue) and {@code tcp_nodelay}, so a packet is on the socket when the call
 * returns; timestamps are rebased by one loop length per repetition, so the server sees one
 * continuous stream with an IDR every 2 s. Every keyframe's predecessor send time goes into the
 * {@link SendLog}.
 *
 * <p>Threading: {@link #run()} blocks its (platform) thread for the whole duration; {@link #stop()}
 * may be called from any thread. Native resources are freed before {@code run} returns.
 */
public final class LoopingPublisher implements Runnable {

    private static final AVRational MILLIS = av_make_q(1, 1000);

    private final String url;
    private final Fixture fixture;
    private final long durationNanos;
    private final SendLog log = new SendLog();
    private volatile boolean stopped;
    private volatile String error;
    private volatile long packetsSent;
    private volatile long lastVideoDtsMs = -1;
    private volatile long disconnectedNanos;

    /**
     * @param url             {@code rtmp://host:port/app/streamKey}
     * @param fixture         what to send
     * @param durationSeconds how long to publish from the start of {@link #run()}
     */
    public LoopingPublisher(String url, Fixture fixture, double durationSeconds) {
        this.url = url;
        this.fixture = fixture;
        this.durationNanos = (long) (durationSeconds * 1e9);
    }

    public SendLog log() {
        return log;
    }

    /** Why publishing ended early, or null. */
    public String error() {
        return error;
    }

    public long packetsSent() {
        return packetsSent;
    }

    /** Decode time (ms on the publisher's timeline, first packet at 0) of the last video frame sent; -1 before. */
    public long lastVideoDtsMs() {
        return lastVideoDtsMs;
    }

    /** {@link System#nanoTime()} right after the connection was closed (FLV trailer written, socket closed); 0 before. */
    public long disconnectedNanos() {
        return disconnectedNanos;
    }

    /** Asks {@link #run()} to end after the current packet. */
    public void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        log.started(start);
        AVFormatContext oc = new AVFormatContext(null);
        AVPacket pkt = null;
        boolean headerWritten = false;
        try {
            check(avformat_alloc_output_context2(oc, null, "flv", url), "alloc flv muxer");
            AVStream vs = newStream(oc, true);
            AVStream as = newStream(oc, false);
            AVDictionary opts = new AVDictionary(null);
            av_dict_set(opts, "tcp_nodelay", "1", 0);
            av_dict_set(opts, "rw_timeout", "10000000", 0);
            AVIOContext pb = new AVIOContext(null);
            try {
                check(avio_open2(pb, url, AVIO_FLAG_WRITE, null, opts), "connect " + redacted());
            } finally {
                av_dict_free(opts);
            }
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "write FLV header");
            headerWritten = true;
            pkt = av_packet_alloc();
            List<FixturePacket> packets = fixture.packets();
            long loop = fixture.loopMillis();
            long mediaStart = System.nanoTime();
            long lastSent = mediaStart;
            for (long rep = 0; !stopped; rep++) {
                for (FixturePacket p : packets) {
                    long t = rep * loop + p.dtsMs();
                    long due = mediaStart + t * 1_000_000L;
                    if (due - start >= durationNanos || stopped) {
                        return;
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (p.keyframe()) {
                        log.keyframe(t, lastSent);
                    }
                    AVStream st = p.video() ? vs : as;
                    check(av_new_packet(pkt, p.data().length), "packet");
                    pkt.data().position(0).put(p.data());
                    pkt.stream_index(st.index());
                    pkt.dts(av_rescale_q(t, MILLIS, st.time_base()));
                    pkt.pts(av_rescale_q(rep * loop + p.ptsMs(), MILLIS, st.time_base()));
                    pkt.flags(p.keyframe() ? AV_PKT_FLAG_KEY : 0);
                    int ret = av_write_frame(oc, pkt);
                    av_packet_unref(pkt);
                    check(ret, "send packet");
                    lastSent = System.nanoTime();
                    if (p.video()) {
                        lastVideoDtsMs = t;
                    }
                    if (packetsSent == 0) {
                        log.firstPacket(lastSent);
                    }
                    packetsSent++;
                }
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
        } finally {
            if (headerWritten) {
                av_write_trailer(oc);
            }
            if (oc.pb() != null && !oc.pb().isNull()) {
                AVIOContext pb = oc.pb();
                avio_closep(pb);
                oc.pb(null);
                disconnectedNanos = System.nanoTime();
            }
            if (pkt != null) {
                av_packet_free(pkt);
            }
            avformat_free_context(oc);
        }
    }

    private AVStream newStream(AVFormatContext oc, boolean video) {
        AVStream st = avformat_new_stream(oc, null);
        check(avcodec_parameters_copy(st.codecpar(), video ? fixture.videoParams() : fixture.audioParams()), "codecpar");
        st.codecpar().codec_tag(0);
        st.time_base(MILLIS);
        return st;
    }

    /** The URL without its stream key (keys are secrets, even in a benchmark's log). */
    private String redacted() {
        int slash = url.lastIndexOf('/');
        return slash < 0 ? url : url.substring(0, slash + 1) + "<key>";
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            byte[] buf = new byte[256];
            av_strerror(ret, buf, buf.length);
            String msg = new String(buf, StandardCharsets.UTF_8).replace("\0", "").trim();
            throw new IllegalStateException(what + " failed: " + msg + " (" + ret + ")");
        }
    }
}
