// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.BroadcastSink;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.FfmpegException;
import dev.livepipe.mux.SessionMuxer;
import dev.livepipe.mux.StreamSetup;
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
 * <p>Threading: every method runs on the broadcast's serial muxing executor (the reader's);
 * they block in FFmpeg and never run on an event loop.
 */
final class LiveSegmenter implements BroadcastSink {

    private static final Logger LOG = LoggerFactory.getLogger(LiveSegmenter.class);

    private final HlsStream stream;
    private final HlsConfig config;
    private final List<HlsMetrics> metrics;
    private final SegmentWindow window;
    private SessionMuxer session;
    private List<Track> sessionTracks;
    private List<Track> carriedTracks = List.of();
    private int nextInitId;
    private int currentInitId = -1;
    private boolean discontinuityNext;
    private boolean restartPending;
    private boolean ended;
    private long timelineMicros;

    LiveSegmenter(HlsStream stream, HlsConfig config, List<HlsMetrics> metrics) {
        this.stream = stream;
        this.config = config;
        this.metrics = metrics;
        this.window = new SegmentWindow(stream.token(), config.windowSize(), config.targetSegmentDuration());
    }

    @Override
    public void onSession(PublisherSession s) {
        closeSession();
        sessionTracks = s.tracks();
        restartPending = false;
        stream.state("live");
        openSession();
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        if (session == null) {
            if (!restartPending || ended) {
                return;
            }
            restartPending = false;
            openSession();
            if (session == null) {
                return;
            }
        }
        try {
            CutSegment cut = session.accept(unit);
            if (cut != null) {
                publish(cut);
            }
        } catch (RuntimeException e) {
            LOG.error("[hls {}] muxing failed; restarting at the next keyframe behind a discontinuity",
                    stream.streamId(), e);
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
            restartPending = true;
        }
    }

    @Override
    public void onPublisherLost() {
        closeSession();
        stream.state("reconnecting");
    }

    @Override
    public void onEnd() {
        closeSession();
        ended = true;
        stream.state("ended");
        StreamSnapshot s = window.snapshot(true, carriedTracks);
        stream.publish(s.ready() ? s : s.asEnded());
    }

    /** Frees the muxer without publishing anything (service stopping). */
    void shutdown() {
        if (session != null) {
            session.close();
            session = null;
        }
        ended = true;
    }

    private void openSession() {
        for (Track t : sessionTracks) {
            String why = StreamSetup.whyNot(t);
            if (why != null) {
                LOG.warn("[hls {}] track {} ({}) left out of HLS: {}", stream.streamId(), t.id(), t.codec(), why);
            }
        }
        try {
            session = new SessionMuxer(sessionTracks, config.targetSegmentDuration(), config.maxSegmentBytes(),
                    timelineMicros);
            carriedTracks = session.tracks();
            currentInitId = -1;
            discontinuityNext = !window.isEmpty();
        } catch (IllegalArgumentException e) {
            LOG.warn("[hls {}] not served over HLS: {}", stream.streamId(), e.getMessage());
            session = null;
        } catch (FfmpegException e) {
            LOG.error("[hls {}] cannot open the fMP4 muxer", stream.streamId(), e);
            session = null;
        }
    }

    private void closeSession() {
        if (session == null) {
            return;
        }
        try {
            CutSegment last = session.finish();
            if (last != null) {
                publish(last);
            }
        } catch (RuntimeException e) {
            LOG.error("[hls {}] flushing the last segment failed", stream.streamId(), e);
        } finally {
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
        }
    }

    private void publish(CutSegment cut) {
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
