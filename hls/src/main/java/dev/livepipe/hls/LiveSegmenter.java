// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.BroadcastSink;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.mux.ContinuousMuxer;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.SegmentMemory;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS reader of one broadcast: turns its sessions and access units into segments in a
 * {@link SegmentWindow} and publishes each new state to its {@link HlsStream}.
 *
 * <ul>
 *   <li>A new {@link PublisherSession} (reconnect within the grace window) closes the current
 *       segment, opens a new muxer (new init segment, EXT-X-MAP) and marks the next segment with
 *       EXT-X-DISCONTINUITY (RFC 8216 §4.3.2.3: timestamps restart, parameters may change).</li>
 *   <li>Publisher lost: the tail is flushed as a (short) segment; the playlist stays served.</li>
 *   <li>End: the tail is flushed and EXT-X-ENDLIST written (§4.3.3.4).</li>
 *   <li>FFmpeg failure: the session's muxer is dropped and a new one starts at the next keyframe,
 *       behind a discontinuity; the broadcast's playlist carries on.</li>
 * </ul>
 *
 * <p>The sessions are muxed by one {@link ContinuousMuxer} (timeline continued across sessions,
 * restart at the next keyframe after a failure); this class turns its output into the playlist.
 *
 * <p>Threading: every method runs on the broadcast's serial muxing executor (the reader's);
 * they block in FFmpeg and never run on an event loop.
 */
final class LiveSegmenter implements BroadcastSink, ContinuousMuxer.Output {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSegmenter.class);

    private final HlsStream stream;
    private final List<HlsMetrics> metrics;
    private final SegmentWindow window;
    private final ContinuousMuxer muxer;
    private List<Track> carriedTracks = List.of();
    private int nextInitId;
    private int currentInitId = -1;
    private boolean discontinuityNext;
    private boolean ended;

    LiveSegmenter(HlsStream stream, HlsConfig config, List<HlsMetrics> metrics, SegmentMemory memory) {
        this.stream = stream;
        this.metrics = metrics;
        this.window = new SegmentWindow(stream.token(), config.windowSize(), config.targetSegmentDuration());
        this.muxer = new ContinuousMuxer("[hls " + stream.streamId() + "]", config.targetSegmentDuration(),
                config.maxSegmentBytes(), this, memory);
    }

    @Override
    public void onSession(PublisherSession s) {
        muxer.endSession();
        stream.state("live");
        muxer.startSession(s.tracks());
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        muxer.accept(unit);
    }

    /**
     * Yes: segments are cut at keyframes, so units between them may arrive in batches (one
     * muxing task per few dozen units instead of one per unit; see {@link BroadcastSink#acceptsBatches}).
     */
    @Override
    public boolean acceptsBatches() {
        return true;
    }

    @Override
    public void onPublisherLost() {
        muxer.endSession();
        stream.state("reconnecting");
    }

    @Override
    public void onEnd() {
        muxer.end();
        ended = true;
        stream.state("ended");
        StreamSnapshot s = window.snapshot(true, carriedTracks);
        stream.publish(s.ready() ? s : s.asEnded());
    }

    /**
     * Frees the muxer and every segment's bytes without publishing anything (the broadcast is
     * dropped, or the service stops); requests that still find a segment in the last snapshot get 404.
     */
    void shutdown() {
        muxer.close();
        window.close();
        ended = true;
    }

    /** A new init segment follows (EXT-X-MAP); after earlier segments, behind EXT-X-DISCONTINUITY. */
    @Override
    public void onSessionOpened(List<Track> tracks) {
        carriedTracks = tracks;
        currentInitId = -1;
        discontinuityNext = !window.isEmpty();
    }

    @Override
    public void onSegment(CutSegment cut) {
        if (cut.init() != null) {
            currentInitId = nextInitId++;
            window.addInit(currentInitId, cut.init());
        }
        Segment segment = window.add(cut, currentInitId, discontinuityNext);
        discontinuityNext = false;
        long fetchable = stream.publish(window.snapshot(ended, carriedTracks));
        SegmentTiming t = new SegmentTiming(stream.streamId(), stream.broadcastId(), segment.sequence(),
                segment.durationMicros(), segment.bytes().length(), cut.lastArrivalNanos(), cut.cutArrivalNanos(),
                fetchable, cut.muxNanos(), cut.tail());
        stream.record(t);
        for (HlsMetrics m : metrics) {
            try {
                m.onSegment(t);
                if (segment.sequence() == 0) {
                    m.onFirstPlaylist(stream.streamId(), stream.broadcastId(), stream.timeToFirstPlaylistNanos());
                }
            } catch (RuntimeException e) {
                LOG.warn("[hls {}] metrics listener failed", stream.streamId(), e);
            }
        }
    }
}
