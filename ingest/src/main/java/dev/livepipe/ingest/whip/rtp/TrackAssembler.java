// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.ingest.whip.transcode.OpusToAac;
import dev.livepipe.ingest.whip.transcode.Vp8ToH264;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import dev.livepipe.media.codec.AudioSpecificConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker side of an {@link RtpReceiver}: transcodes (VP8→H.264, Opus→AAC), learns the
 * tracks, declares them and turns frames into {@link AccessUnit}s. Every method runs on the
 * receiver's serial worker, one at a time; FFmpeg blocks here and nowhere else.
 *
 * <p>Access units that complete before the tracks are declared wait in a bounded queue
 * ({@value #MAX_PENDING}; the oldest go first) so the first keyframe is not lost. Per track the
 * decode timestamps never go back: a unit that would is clamped to the previous one.
 */
final class TrackAssembler {

    static final int MAX_PENDING = 600;

    private final RtpReceiverListener listener;
    private final boolean expectVideo;
    private final boolean expectAudio;
    private final H264ParameterSets parameterSets = new H264ParameterSets();
    private final RtpReceiverConfig config;
    private final AtomicBoolean forceKeyframe;
    private final AtomicLong videoFrames;
    private final AtomicLong audioFrames;
    private final AtomicLong dropped;
    private final Runnable keyframeNeeded;
    private final ArrayDeque<AccessUnit> pending = new ArrayDeque<>();
    private OpusToAac opusToAac;
    private Vp8ToH264 vp8ToH264;
    private Track video;
    private Track audio;
    private List<Track> declared;
    private boolean timedOut;
    private long lastVideoDts = Long.MIN_VALUE;
    private long lastAudioDts = Long.MIN_VALUE;
    private boolean closed;

    TrackAssembler(RtpReceiverListener listener, RtpReceiverConfig config, boolean expectVideo, boolean expectAudio,
                   AtomicBoolean forceKeyframe, AtomicLong videoFrames, AtomicLong audioFrames, AtomicLong dropped,
                   Runnable keyframeNeeded) {
        this.listener = listener;
        this.config = config;
        this.expectVideo = expectVideo;
        this.expectAudio = expectAudio;
        this.forceKeyframe = forceKeyframe;
        this.videoFrames = videoFrames;
        this.audioFrames = audioFrames;
        this.dropped = dropped;
        this.keyframeNeeded = keyframeNeeded;
    }

    /** One H.264 access unit (depacketized or transcoded), pts in 90 kHz. */
    void h264(List<byte[]> nalus, long pts, boolean keyframe, long arrivalNanos, long wallMillis) {
        if (closed) {
            return;
        }
        List<byte[]> rest = parameterSets.absorb(nalus);
        if (parameterSets.takeChanged()) {
            video = parameterSets.track(0);
            if (declared != null) {
                declare();
            }
        }
        if (video == null) {
            dropped.incrementAndGet();
            keyframeNeeded.run(); // an IDR without SPS/PPS: ask again
            return;
        }
        if (rest.isEmpty()) {
            return;
        }
        long dts = Math.max(pts, lastVideoDts == Long.MIN_VALUE ? pts : lastVideoDts);
        lastVideoDts = dts;
        emit(new AccessUnit(video, Math.max(pts, dts), dts, keyframe, arrivalNanos, wallMillis, new Payload.H264(rest)));
        videoFrames.incrementAndGet();
    }

    /** One VP8 frame to transcode, pts in 90 kHz. */
    void vp8(byte[] frame, long pts, long arrivalNanos, long wallMillis) {
        if (closed) {
            return;
        }
        if (vp8ToH264 == null) {
            vp8ToH264 = new Vp8ToH264(config.vp8TranscodeBitrateBps(), 30, 2);
        }
        boolean force = forceKeyframe.getAndSet(false);
        for (Vp8ToH264.H264Frame f : vp8ToH264.transcode(frame, pts, force)) {
            h264(f.nalus(), f.pts(), f.keyframe(), arrivalNanos, wallMillis);
        }
    }

    /** One Opus packet to transcode, pts in 48 kHz. */
    void opus(byte[] packet, long pts, long arrivalNanos, long wallMillis) {
        if (closed) {
            return;
        }
        if (opusToAac == null) {
            opusToAac = new OpusToAac(config.aacBitrateBps());
            byte[] asc = opusToAac.audioSpecificConfig();
            AudioSpecificConfig parsed = AudioSpecificConfig.parse(asc);
            audio = new Track(0, Codec.AAC, OpusToAac.SAMPLE_RATE, new CodecConfig.AudioSpecific(asc), 0, 0,
                    OpusToAac.SAMPLE_RATE, opusToAac.channels(), parsed.codecString());
            if (declared != null) {
                declare();
            }
        }
        for (OpusToAac.AacFrame f : opusToAac.transcode(packet, pts)) {
            long dts = lastAudioDts == Long.MIN_VALUE ? f.pts() : Math.max(f.pts(), lastAudioDts + 1);
            lastAudioDts = dts;
            long wall = wallMillis + (dts - pts) * 1000 / OpusToAac.SAMPLE_RATE;
            emit(new AccessUnit(audio, dts, dts, true, arrivalNanos, wall, new Payload.Aac(f.data())));
            audioFrames.incrementAndGet();
        }
    }

    /** The track timeout passed: declare whatever is known. */
    void timeout() {
        timedOut = true;
        maybeDeclare();
    }

    void close() {
        closed = true;
        pending.clear();
        if (opusToAac != null) {
            opusToAac.close();
        }
        if (vp8ToH264 != null) {
            vp8ToH264.close();
        }
    }

    private void emit(AccessUnit unit) {
        if (declared == null) {
            pending.addLast(unit);
            while (pending.size() > MAX_PENDING) {
                pending.removeFirst();
                dropped.incrementAndGet();
            }
            maybeDeclare();
            return;
        }
        listener.onAccessUnit(unit);
    }

    private void maybeDeclare() {
        if (declared != null) {
            return;
        }
        boolean complete = (video != null || !expectVideo) && (audio != null || !expectAudio);
        if (complete || (timedOut && (video != null || audio != null))) {
            declare();
        }
    }

    /** Announces the current track set (ids in list order) and re-stamps units to those tracks. */
    private void declare() {
        List<Track> tracks = new ArrayList<>(2);
        if (video != null) {
            video = withId(video, tracks.size());
            tracks.add(video);
        }
        if (audio != null) {
            audio = withId(audio, tracks.size());
            tracks.add(audio);
        }
        declared = List.copyOf(tracks);
        listener.onTracks(declared);
        while (!pending.isEmpty()) {
            AccessUnit u = pending.removeFirst();
            Track t = u.track().codec() == Codec.H264 ? video : audio;
            listener.onAccessUnit(new AccessUnit(t, u.pts(), u.dts(), u.keyframe(), u.arrivalNanos(),
                    u.wallClockMillis(), u.payload()));
        }
    }

    private static Track withId(Track t, int id) {
        return t.id() == id ? t : new Track(id, t.codec(), t.timescale(), t.config(), t.width(), t.height(),
                t.sampleRate(), t.channels(), t.codecString());
    }
}
