// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.MediaType;
import dev.livepipe.media.Track;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts one publisher session's access units into CMAF segments: feeds a {@link CmafMuxer},
 * holding back one sample per track so every sample's duration is known when it is written
 * (the last sample of a fragment has nothing after it to measure against), and cuts a segment at
 * the first video keyframe at or after the target duration (audio-only: at the target duration).
 *
 * <p>Timing: every track is rebased to the session's first access unit (see {@link TrackClock})
 * and placed at {@code startMicros} on the broadcast's media timeline, so that a reconnect
 * continues the timeline where the previous session ended instead of restarting at zero
 * (players and FFmpeg's HLS demuxer cope better with a continuous fMP4 timeline; the
 * discontinuity is still signalled in the playlist). A segment's program date time is the wall
 * clock of the session's first access unit (or the time it was seen, if the edge gave none) plus
 * the segment's start within the session, so PDT and EXTINF agree.
 *
 * <p>Threading: confined to the broadcast's muxing executor; blocking (FFmpeg). Ownership: owns
 * its muxer; {@link #close()} frees it.
 */
public final class SessionMuxer implements AutoCloseable {

    /** One muxed track. */
    private static final class Lane {
        final Track track;
        final int stream;
        final int nalLengthSize;
        TrackClock clock;
        long offset;
        Sample pending;
        long lastDuration;
        long lastEndMicros;

        Lane(Track track, int stream) {
            this.track = track;
            this.stream = stream;
            this.nalLengthSize = SampleBytes.nalLengthSize(track);
        }
    }

    /** A sample waiting for its duration. */
    private record Sample(long pts, long dts, boolean keyframe, byte[] bytes, long arrivalNanos) {
    }

    private final CmafMuxer muxer;
    private final Map<Integer, Lane> lanes = new HashMap<>();
    private final Lane lead;
    private final long targetMicros;
    private final long maxSegmentBytes;
    private final long startMicros;
    private boolean started;
    private long originMicros;
    private long anchorWallMillis;
    private boolean initTaken;
    // the segment being built
    private long segStartMicros = -1;
    private int segSamples;
    private long segBytes;
    private int segVideoFrames;
    private boolean segKeyStart = true;
    private long segLastArrival; // of the lead track's samples
    private long segLastArrivalAny; // of any sample (for a segment without lead samples)
    private long segMuxNanos;

    /**
     * @param tracks      every track of the session; those the muxer cannot carry are ignored
     * @param startMicros where the session's first sample goes on the output timeline
     * @param memory      where media segments are kept
     * @throws IllegalArgumentException if no track can be carried
     * @throws FfmpegException          if FFmpeg refuses the setup
     */
    public SessionMuxer(List<Track> tracks, Duration target, long maxSegmentBytes, long startMicros,
                        SegmentMemory memory) {
        List<Track> usable = new ArrayList<>();
        Track video = null;
        Track audio = null;
        for (Track t : tracks) {
            if (!StreamSetup.supports(t)) {
                continue;
            }
            if (t.mediaType() == MediaType.VIDEO && video == null) {
                video = t;
            } else if (t.mediaType() == MediaType.AUDIO && audio == null) {
                audio = t;
            }
        }
        if (video != null) {
            usable.add(video);
        }
        if (audio != null) {
            usable.add(audio);
        }
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no track the fMP4 muxer can carry in " + tracks);
        }
        this.muxer = new CmafMuxer(usable, memory);
        for (int i = 0; i < usable.size(); i++) {
            lanes.put(usable.get(i).id(), new Lane(usable.get(i), i));
        }
        this.lead = lanes.get(usable.getFirst().id());
        this.targetMicros = target.toNanos() / 1000;
        this.maxSegmentBytes = maxSegmentBytes;
        this.startMicros = startMicros;
    }

    /** The tracks carried, in stream order. */
    public List<Track> tracks() {
        return muxer.tracks();
    }

    /** Whether a lead-track keyframe has started the session (before it, units are skipped). */
    public boolean started() {
        return started;
    }

    /**
     * Takes one access unit; returns the segment it closed, or null.
     *
     * @throws FfmpegException if muxing fails (the session muxer is then unusable)
     */
    public CutSegment accept(AccessUnit unit) {
        Lane lane = lanes.get(unit.track().id());
        if (lane == null || lane.track.codec() != unit.track().codec()) {
            return null;
        }
        if (!started) {
            if (lane != lead || !unit.keyframe()) {
                return null; // a segment must start with the lead track's sync sample
            }
            started = true;
            originMicros = unit.dtsMicros();
            anchorWallMillis = unit.wallClockMillis() > 0 ? unit.wallClockMillis() : System.currentTimeMillis();
            for (Lane l : lanes.values()) {
                l.clock = new TrackClock(l.track, originMicros);
                l.offset = Math.floorDiv(startMicros * StreamSetup.inputTimeBase(l.track)[1], 1_000_000L);
            }
        }
        long dts = lane.clock.dts(unit.dts());
        if (dts < 0) {
            return null; // from before the session's first keyframe
        }
        long pts = lane.clock.pts(unit.pts(), unit.dts(), dts);
        if (lane.pending != null && dts <= lane.pending.dts()) {
            dts = lane.pending.dts() + 1; // the muxer requires strictly increasing dts
        }
        Sample sample = new Sample(Math.max(pts, dts), dts, unit.keyframe(),
                SampleBytes.of(unit.payload(), lane.nalLengthSize), unit.arrivalNanos());
        if (lane.pending != null) {
            write(lane, lane.pending, dts - lane.pending.dts());
        }
        CutSegment cut = null;
        if (lane == lead) {
            long micros = lane.clock.micros(dts);
            if (segStartMicros < 0) {
                segStartMicros = micros;
            } else if (shouldCut(sample, micros)) {
                cut = cut(micros, unit.arrivalNanos(), false);
                segStartMicros = micros;
            }
        }
        lane.pending = sample;
        return cut;
    }

    private boolean shouldCut(Sample next, long nextMicros) {
        if (segSamples == 0) {
            return false;
        }
        boolean boundary = lead.track.mediaType() == MediaType.AUDIO || next.keyframe();
        if (boundary && nextMicros - segStartMicros >= targetMicros) {
            return true;
        }
        return segBytes >= maxSegmentBytes; // keyframe-less input must not grow a segment forever
    }

    /**
     * Writes what is held back and closes the last segment (publisher gone, new session, end).
     *
     * @return the last segment, or null if nothing was written since the previous cut
     */
    public CutSegment finish() {
        if (!started) {
            return null;
        }
        for (Lane l : lanes.values()) {
            if (l.pending != null) {
                long d = l.lastDuration > 0 ? l.lastDuration : l.clock.defaultDuration();
                write(l, l.pending, d);
                l.pending = null;
            }
        }
        long endMicros = lead.lastEndMicros > segStartMicros ? lead.lastEndMicros
                : lanes.values().stream().mapToLong(l -> l.lastEndMicros).max().orElse(segStartMicros);
        if (segSamples == 0) {
            return null;
        }
        return cut(endMicros, System.nanoTime(), true);
    }

    private void write(Lane lane, Sample s, long duration) {
        long t0 = System.nanoTime();
        muxer.write(lane.stream, s.pts() + lane.offset, s.dts() + lane.offset, duration, s.keyframe(), s.bytes());
        segMuxNanos += System.nanoTime() - t0;
        if (segStartMicros < 0) {
            segStartMicros = lane.clock.micros(s.dts());
        }
        if (lane.track.mediaType() == MediaType.VIDEO) {
            if (segVideoFrames == 0) {
                segKeyStart = s.keyframe();
            }
            segVideoFrames++;
        }
        segSamples++;
        segBytes += s.bytes().length;
        segLastArrivalAny = Math.max(segLastArrivalAny, s.arrivalNanos());
        if (lane == lead) {
            // the lead track's arrivals only: the RTMP ingest may read a small audio frame late,
            // together with the next video frame (a receive low-water mark), which would make
            // the segment look as if its last byte had arrived just before the cut
            segLastArrival = Math.max(segLastArrival, s.arrivalNanos());
        }
        lane.lastDuration = duration;
        lane.lastEndMicros = lane.clock.micros(s.dts() + duration);
    }

    private CutSegment cut(long endMicros, long cutArrivalNanos, boolean tail) {
        long t0 = System.nanoTime();
        SegmentBytes bytes = muxer.flush();
        long mux = segMuxNanos + System.nanoTime() - t0;
        byte[] init = null;
        if (!initTaken) {
            init = muxer.initSegment();
            initTaken = true;
        }
        CutSegment c = new CutSegment(bytes, init, endMicros - segStartMicros,
                anchorWallMillis + segStartMicros / 1000, segVideoFrames, segKeyStart,
                segLastArrival > 0 ? segLastArrival : segLastArrivalAny, cutArrivalNanos, mux, tail);
        segSamples = 0;
        segBytes = 0;
        segVideoFrames = 0;
        segKeyStart = true;
        segMuxNanos = 0;
        segLastArrival = 0;
        segLastArrivalAny = 0;
        return c;
    }

    /** Where the session's timeline ends (after its last written sample), on the output timeline. */
    public long endMicros() {
        long end = 0;
        for (Lane l : lanes.values()) {
            end = Math.max(end, l.lastEndMicros);
        }
        return startMicros + end;
    }

    @Override
    public void close() {
        muxer.close();
    }
}
