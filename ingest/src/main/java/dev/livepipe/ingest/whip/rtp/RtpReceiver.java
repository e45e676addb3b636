// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.ingest.whip.NegotiatedMedia;
import dev.livepipe.media.Scheduler;
import dev.livepipe.media.SerialExecutor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTP receive path of one WHIP session: decrypted RTP and RTCP in, access units for the
 * broadcast hub and RTCP feedback out.
 *
 * <p>Per stream (the negotiated video and audio payloads): {@link JitterBuffer} (reorder, NACK
 * per RFC 4585 §6.2.1, RTX repair per RFC 4588 §4), {@link ReceiveStatistics} (RFC 3550 A.3/A.8),
 * a {@link Depacketizer} (H.264 RFC 6184, VP8 RFC 7741, Opus RFC 7587), then {@link AvSync} for
 * timestamps, then the worker: H.264 passes through, VP8 is transcoded to H.264 and Opus to AAC.
 * Feedback: PLI (RFC 4585 §6.3.1) when video starts, when a frame is dropped and on
 * {@link #requestKeyframe()} (at most one per {@code keyframeMinInterval}); an RR with report
 * blocks and SDES every report interval; REMB (draft-alvestrand-rmcat-remb) at the configured
 * maximum bitrate every interval when goog-remb was negotiated. Transport-cc feedback is not
 * produced: the SDP answer should not accept transport-cc (Chromium then uses REMB).
 *
 * <p>Threads: {@link #onRtp} and {@link #onRtcp} are called in order from the transport's
 * receive thread; they copy what they keep, do only cheap work (parse, reorder, depacketize)
 * and never block. Timers run on the injected {@link Scheduler} (one tick per
 * {@code tickInterval}). All of these share one lock. FFmpeg work and every listener media
 * callback run on a {@link SerialExecutor} over the injected worker executor (a worker pool:
 * never an event loop). The worker backlog is bounded: beyond {@value #MAX_WORKER_BACKLOG}
 * queued frames video frames are dropped until the next keyframe and audio frames dropped.
 * {@link #stats()} may be called from any thread.
 *
 * <p>Timescales: video access units in 90 kHz (RTP clock), audio (AAC) in 48 kHz samples.
 */
public final class RtpReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtpReceiver.class);
    static final int MAX_WORKER_BACKLOG = 200;

    private final RtpReceiverConfig config;
    private final RtpReceiverListener listener;
    private final Scheduler scheduler;
    private final LongSupplier clock;
    private final SerialExecutor worker;
    private final TrackAssembler assembler;
    private final AvSync sync;
    private final RtpStream video;
    private final RtpStream audio;
    private final long ourSsrc = 1 + ThreadLocalRandom.current().nextLong(0xFFFFFFFEL);
    private final AtomicBoolean forceKeyframe = new AtomicBoolean();
    private final AtomicLong videoFrames = new AtomicLong();
    private final AtomicLong audioFrames = new AtomicLong();
    private final AtomicLong droppedFrames = new AtomicLong();
    private final AtomicInteger backlog = new AtomicInteger();
    private final ArrayDeque<long[]> byteWindow = new ArrayDeque<>(); // {nanos, bytes}
    private long windowBytes;
    private long lastPliNanos = Long.MIN_VALUE;
    private long lastReportNanos = Long.MIN_VALUE;
    private long firstMediaNanos = Long.MIN_VALUE;
    private boolean timeoutSent;
    private boolean backlogDropping;
    private long packetsReceived;
    private long malformed;
    private long nacksSent;
    private long nackedPackets;
    private long plisSent;
    private long keyframeRequests;
    private double lastFractionLost;
    private long bitrateBps;
    private Scheduler.Cancellable timer;
    private boolean closed;

    /**
     * @param media     what the SDP layer negotiated (the payload types to accept)
     * @param config    settings
     * @param executor  a worker pool for FFmpeg and listener callbacks (serialized here)
     * @param scheduler timers (the server's Vert.x-backed {@code VertxScheduler})
     * @param listener  where access units, tracks and RTCP go
     */
    public RtpReceiver(NegotiatedMedia media, RtpReceiverConfig config, Executor executor, Scheduler scheduler,
                       RtpReceiverListener listener) {
        this(media, config, executor, scheduler, listener, System::nanoTime, System::currentTimeMillis);
    }

    RtpReceiver(NegotiatedMedia media, RtpReceiverConfig config, Executor executor, Scheduler scheduler,
                RtpReceiverListener listener, LongSupplier clock, LongSupplier wallClock) {
        this.config = config;
        this.listener = listener;
        this.scheduler = scheduler;
        this.clock = clock;
        this.worker = new SerialExecutor(executor);
        this.sync = new AvSync(wallClock);
        this.video = media.video().map(p -> new RtpStream(
                "VP8".equalsIgnoreCase(p.codec()) ? RtpStream.Kind.VIDEO_VP8 : RtpStream.Kind.VIDEO_H264, p, config))
                .orElse(null);
        this.audio = media.audio().map(p -> new RtpStream(RtpStream.Kind.AUDIO_OPUS, p, config)).orElse(null);
        this.assembler = new TrackAssembler(listener, config, video != null, audio != null, forceKeyframe,
                videoFrames, audioFrames, droppedFrames, this::keyframeNeededFromWorker);
    }

    /** Starts the periodic work (reports, REMB, hole expiry, NACK retries). */
    public synchronized void start() {
        if (timer == null && !closed) {
            timer = scheduler.schedule(config.tickInterval(), this::tick);
        }
    }

    /**
     * One decrypted RTP packet in {@code buf[off, off+len)}; the bytes are copied if kept.
     * Malformed packets and unknown payload types are counted and dropped.
     */
    public synchronized void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        if (closed) {
            return;
        }
        RtpPacket p;
        try {
            p = RtpPacket.parse(buf, off, len);
        } catch (RtpException e) {
            malformed++;
            return;
        }
        countBytes(arrivalNanos, len);
        int pt = p.payloadType();
        RtpStream s = streamFor(pt);
        if (s == null) {
            return;
        }
        boolean rtx = pt == s.payload.rtxPayloadType() && pt != s.payload.payloadType();
        if (rtx) {
            p = unwrapRtx(s, p);
            if (p == null) {
                return; // padding-only probe, or RTX before the media SSRC is known
            }
        } else if (s.ssrc < 0) {
            learn(s, p.ssrc(), arrivalNanos);
        } else if (p.ssrc() != s.ssrc) {
            return; // a second SSRC for one kind (simulcast) is not supported
        }
        s.bytes += len;
        RtpPacket copy = rtx ? p : p.copy();
        s.repairing = rtx;
        if (s.buffer.insert(copy.sequenceNumber(), copy, arrivalNanos, sinkFor(s)) == JitterBuffer.Result.ACCEPTED) {
            packetsReceived++;
            s.statistics.onPacket(s.buffer.extend(copy.sequenceNumber()), copy.timestamp(), arrivalNanos, rtx);
        }
        s.repairing = false;
    }

    /** One decrypted RTCP compound packet; SRs feed A/V sync and LSR/DLSR, the rest is ignored. */
    public synchronized void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {
        if (closed) {
            return;
        }
        List<RtcpPacket> packets;
        try {
            packets = RtcpParser.parse(buf, off, len);
        } catch (RtpException e) {
            malformed++;
            return;
        }
        for (RtcpPacket packet : packets) {
            if (packet instanceof RtcpPacket.SenderReport sr) {
                RtpStream s = bySsrc(sr.ssrc());
                if (s != null) {
                    s.statistics.onSenderReport(sr.compactNtp(), arrivalNanos);
                    sync.onSenderReport(sr.ssrc(), sr.ntpTimestamp(), sr.rtpTimestamp(), arrivalNanos);
                }
            } else if (packet instanceof RtcpPacket.Bye bye) {
                LOG.debug("RTCP BYE from {} ({})", bye.ssrcs(), bye.reason());
            }
        }
    }

    /**
     * Asks for a keyframe (HLS needs one at a segment boundary): a PLI to the browser for H.264
     * (rate-limited), or an IDR from our own encoder for transcoded VP8. Any thread.
     */
    public synchronized void requestKeyframe() {
        keyframeRequests++;
        if (video == null) {
            return;
        }
        if (video.kind == RtpStream.Kind.VIDEO_VP8) {
            forceKeyframe.set(true);
        } else {
            sendPli(clock.getAsLong());
        }
    }

    /** A snapshot of the ingest health figures. Any thread. */
    public synchronized RtpReceiverStats stats() {
        long lost = 0;
        double vj = 0;
        double aj = 0;
        long recovered = 0;
        long dropped = droppedFrames.get();
        for (RtpStream s : streams()) {
            if (s.statistics != null) {
                lost += Math.max(0, s.buffer.lost());
                if (s.isVideo()) {
                    vj = s.statistics.jitterMillis();
                } else {
                    aj = s.statistics.jitterMillis();
                }
            }
            recovered += s.buffer.recovered();
            if (s.depacketizer != null) {
                dropped += s.depacketizer.framesDropped();
            }
        }
        return new RtpReceiverStats(packetsReceived, lost, lastFractionLost, vj, aj, nacksSent, nackedPackets,
                recovered, plisSent, keyframeRequests, bitrateBps, videoFrames.get(), audioFrames.get(), dropped,
                malformed);
    }

    /** A JSON snapshot for the admin API. */
    public String describe() {
        RtpReceiverStats s = stats();
        return String.format(Locale.ROOT, "{\"packetsReceived\":%d,\"packetsLost\":%d,\"fractionLost\":%.4f,"
                + "\"videoJitterMs\":%.2f,\"audioJitterMs\":%.2f,\"nacksSent\":%d,\"plisSent\":%d,"
                + "\"bitrateBps\":%d,\"videoFrames\":%d,\"audioFrames\":%d,\"framesDropped\":%d}",
                s.packetsReceived(), s.packetsLost(), s.fractionLost(), s.videoJitterMillis(), s.audioJitterMillis(),
                s.nacksSent(), s.plisSent(), s.bitrateBps(), s.videoFrames(), s.audioFrames(), s.framesDropped());
    }

    /** Stops the timers and frees the FFmpeg contexts (on the worker, after queued work). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (timer != null) {
                timer.cancel();
            }
        }
        try {
            worker.execute(assembler::close);
        } catch (RejectedExecutionException e) {
            assembler.close();
        }
    }

    /** The periodic tick; package-private so tests can drive it with a manual clock. */
    synchronized void tick() {
        if (closed) {
            return;
        }
        long now = clock.getAsLong();
        for (RtpStream s : streams()) {
            if (s.statistics != null) {
                s.buffer.drain(now, sinkFor(s));
                sendNacks(s, now);
            }
        }
        if (lastReportNanos == Long.MIN_VALUE || now - lastReportNanos >= config.reportInterval().toNanos()) {
            report(now);
        }
        if (!timeoutSent && firstMediaNanos != Long.MIN_VALUE
                && now - firstMediaNanos >= config.trackTimeout().toNanos()) {
            timeoutSent = true;
            submit(assembler::timeout, false);
        }
        timer = scheduler.schedule(config.tickInterval(), this::tick);
    }

    private void report(long now) {
        long windowNanos = lastReportNanos == Long.MIN_VALUE ? 0 : now - lastReportNanos;
        lastReportNanos = now;
        while (!byteWindow.isEmpty() && now - byteWindow.peekFirst()[0] > config.reportInterval().toNanos()) {
            windowBytes -= byteWindow.removeFirst()[1];
        }
        bitrateBps = windowNanos > 0 ? windowBytes * 8 * 1_000_000_000L / config.reportInterval().toNanos() : 0;
        List<ReportBlock> blocks = new ArrayList<>();
        double worst = 0;
        for (RtpStream s : streams()) {
            if (s.statistics != null) {
                ReportBlock b = s.statistics.report(now);
                blocks.add(b);
                worst = Math.max(worst, b.fractionLost() / 256.0);
            }
        }
        if (blocks.isEmpty()) {
            return;
        }
        lastFractionLost = worst;
        List<byte[]> parts = new ArrayList<>();
        parts.add(RtcpWriter.receiverReport(ourSsrc, blocks));
        parts.add(RtcpWriter.sdesCname(ourSsrc, config.cname()));
        if (rembNegotiated()) {
            List<Long> ssrcs = new ArrayList<>();
            for (RtpStream s : streams()) {
                if (s.ssrc >= 0) {
                    ssrcs.add(s.ssrc);
                }
            }
            parts.add(RtcpWriter.remb(ourSsrc, config.maxBitrateBps(), ssrcs));
        }
        listener.sendRtcp(RtcpWriter.compound(parts));
    }

    private boolean rembNegotiated() {
        for (RtpStream s : streams()) {
            if (s.payload.remb()) {
                return true;
            }
        }
        return false;
    }

    private void sendNacks(RtpStream s, long now) {
        List<Integer> due = s.buffer.nacksDue(now);
        if (due.isEmpty()) {
            return;
        }
        for (byte[] nack : RtcpWriter.nack(ourSsrc, s.ssrc, due)) {
            // RFC 4585 §3.1: feedback rides in a compound packet that starts with an RR.
            listener.sendRtcp(RtcpWriter.compound(List.of(RtcpWriter.receiverReport(ourSsrc, List.of()), nack)));
            nacksSent++;
        }
        nackedPackets += due.size();
    }

    private void sendPli(long now) {
        if (video == null || video.ssrc < 0 || !video.payload.pli()) {
            return;
        }
        if (lastPliNanos != Long.MIN_VALUE && now - lastPliNanos < config.keyframeMinInterval().toNanos()) {
            return;
        }
        lastPliNanos = now;
        plisSent++;
        listener.sendRtcp(RtcpWriter.compound(List.of(RtcpWriter.receiverReport(ourSsrc, List.of()),
                RtcpWriter.pli(ourSsrc, video.ssrc))));
    }

    private void keyframeNeededFromWorker() {
        synchronized (this) {
            if (!closed) {
                sendPli(clock.getAsLong());
            }
        }
    }

    private void learn(RtpStream s, long ssrc, long arrivalNanos) {
        s.ssrc = ssrc;
        s.statistics = new ReceiveStatistics(ssrc, s.payload.clockRate());
        sync.addStream(ssrc, s.payload.clockRate());
        Depacketizer.Sink sink = new FrameSink(s);
        s.depacketizer = switch (s.kind) {
            case VIDEO_H264 -> new H264Depacketizer(sink);
            case VIDEO_VP8 -> new Vp8Depacketizer(sink);
            case AUDIO_OPUS -> new OpusDepacketizer(sink);
        };
        if (firstMediaNanos == Long.MIN_VALUE) {
            firstMediaNanos = arrivalNanos;
        }
        if (s.isVideo()) {
            sendPli(arrivalNanos); // PLI at start: do not wait for the next periodic keyframe
        }
    }

    /** RFC 4588 §4: the original sequence number is the first two payload bytes. */
    private RtpPacket unwrapRtx(RtpStream s, RtpPacket p) {
        if (s.ssrc < 0 || p.payloadLength() < 2) {
            return null;
        }
        int osn = p.payloadByte(0) << 8 | p.payloadByte(1);
        int n = p.payloadLength() - 2;
        byte[] b = new byte[12 + n];
        b[0] = (byte) 0x80;
        b[1] = (byte) ((p.marker() ? 0x80 : 0) | s.payload.payloadType());
        RtcpWriter.put16(b, 2, osn);
        RtcpWriter.put32(b, 4, p.timestamp());
        RtcpWriter.put32(b, 8, s.ssrc);
        System.arraycopy(p.buffer(), p.payloadOffset() + 2, b, 12, n);
        return RtpPacket.parse(b, 0, b.length);
    }

    private JitterBuffer.Sink sinkFor(RtpStream s) {
        return new JitterBuffer.Sink() {
            @Override
            public void packet(RtpPacket packet, long extSeq, long arrivalNanos) {
                if (packet.payloadLength() > 0) { // padding-only packets (bandwidth probes) carry no media
                    s.depacketizer.packet(packet, arrivalNanos);
                }
            }

            @Override
            public void gap(int count) {
                s.depacketizer.gap();
            }
        };
    }

    /** Stamps frames on the common timeline and hands them to the worker. */
    private final class FrameSink implements Depacketizer.Sink {
        private final RtpStream s;

        FrameSink(RtpStream s) {
            this.s = s;
        }

        @Override
        public void frame(DepacketizedFrame f) {
            long pts = sync.toTimeline(s.ssrc, f.rtpTimestamp(), f.arrivalNanos());
            long wall = sync.wallClockMillis(s.ssrc, f.rtpTimestamp(), f.arrivalNanos());
            long arrival = f.arrivalNanos();
            switch (s.kind) {
                case VIDEO_H264 -> submitVideo(f.keyframe(),
                        () -> assembler.h264(f.parts(), pts, f.keyframe(), arrival, wall));
                case VIDEO_VP8 -> submitVideo(f.keyframe(),
                        () -> assembler.vp8(f.parts().get(0), pts, arrival, wall));
                case AUDIO_OPUS -> submit(() -> assembler.opus(f.parts().get(0), pts, arrival, wall), true);
            }
        }

        @Override
        public void keyframeNeeded(String reason) {
            sendPli(clock.getAsLong());
        }
    }

    private void submitVideo(boolean keyframe, Runnable task) {
        if (backlogDropping && !keyframe) {
            droppedFrames.incrementAndGet();
            return;
        }
        if (backlog.get() >= MAX_WORKER_BACKLOG) {
            backlogDropping = true;
            droppedFrames.incrementAndGet();
            sendPli(clock.getAsLong());
            forceKeyframe.set(true);
            return;
        }
        backlogDropping = false;
        submit(task, false);
    }

    private void submit(Runnable task, boolean droppable) {
        if (droppable && backlog.get() >= MAX_WORKER_BACKLOG) {
            droppedFrames.incrementAndGet();
            return;
        }
        backlog.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } finally {
                    backlog.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            backlog.decrementAndGet();
        }
    }

    private void countBytes(long now, int len) {
        byteWindow.addLast(new long[] {now, len});
        windowBytes += len;
        while (byteWindow.size() > 20_000) {
            windowBytes -= byteWindow.removeFirst()[1];
        }
    }

    private RtpStream streamFor(int pt) {
        if (video != null && (pt == video.payload.payloadType() || pt == video.payload.rtxPayloadType())) {
            return video;
        }
        if (audio != null && (pt == audio.payload.payloadType() || pt == audio.payload.rtxPayloadType())) {
            return audio;
        }
        return null;
    }

    private RtpStream bySsrc(long ssrc) {
        for (RtpStream s : streams()) {
            if (s.ssrc == ssrc) {
                return s;
            }
        }
        return null;
    }

    private List<RtpStream> streams() {
        List<RtpStream> list = new ArrayList<>(2);
        if (video != null) {
            list.add(video);
        }
        if (audio != null) {
            list.add(audio);
        }
        return list;
    }
}
