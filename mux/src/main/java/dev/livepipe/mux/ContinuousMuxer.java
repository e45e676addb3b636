// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Track;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fragmented-MP4 output of one broadcast across its publisher sessions: one
 * {@link SessionMuxer} at a time, on a timeline that continues across sessions, handing every
 * {@link CutSegment} to an {@link Output}. Live HLS and the recorder each drive one per broadcast.
 *
 * <ul>
 *   <li>{@link #startSession} (a publisher session began, or came back within the grace window)
 *       flushes and closes the current session's muxer and opens one for the new tracks; its
 *       first sample goes where the previous session ended ({@link SessionMuxer#endMicros()}), so
 *       the broadcast has one continuous timeline. Each opened muxer is announced with
 *       {@link Output#onSessionOpened}; its first segment carries the new init segment.</li>
 *   <li>{@link #endSession} (publisher lost) flushes the tail as a short segment and closes the
 *       muxer; nothing is muxed until the next {@link #startSession}.</li>
 *   <li>A muxing failure (FFmpeg, or an exception from {@link Output#onSegment} while a unit is
 *       taken) drops the session's muxer and opens a new one for the same tracks at the next
 *       access unit (which then waits for a keyframe), continuing the timeline.</li>
 *   <li>{@link #end()} flushes the tail and stops restarts; {@link #close()} frees the muxer
 *       without flushing (service stopping).</li>
 * </ul>
 *
 * <p>A session none of whose tracks fMP4 can carry, or whose muxer FFmpeg refuses, is logged and
 * skipped: its access units are ignored and {@link Output#onSessionOpened} is not called.
 *
 * <p>Threading: not thread-safe; confined to the broadcast's serial muxing executor. Every method
 * may block in FFmpeg, and the {@link Output} is called on the same thread, from within these
 * methods. Never call it from an event loop. Ownership: owns the current {@link SessionMuxer};
 * {@link #close()} (or {@link #end()}/{@link #endSession()}) frees it. Each segment (its
 * {@link SegmentBytes} reference and init array) is handed over to the output, which must
 * release the bytes even if it fails.
 */
public final class ContinuousMuxer implements AutoCloseable {

    /**
     * Where the muxed broadcast goes. Called on the muxing thread, from within the
     * {@link ContinuousMuxer} method that produced the event.
     */
    public interface Output {

        /**
         * A session's muxer opened (new session, or a restart after a muxing failure); the next
         * segment carries its init segment.
         *
         * @param tracks the tracks carried, in stream order
         */
        void onSessionOpened(List<Track> tracks);

        /** A segment was cut (by a keyframe at the target duration, or as a session's tail). */
        void onSegment(CutSegment cut);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ContinuousMuxer.class);

    private final String label;
    private final Duration target;
    private final long maxSegmentBytes;
    private final Output output;
    private final SegmentMemory memory;
    private SessionMuxer session;
    private List<Track> sessionTracks;
    private boolean restartPending;
    private boolean ended;
    private long timelineMicros;

    /**
     * @param label           prefix of log lines, e.g. {@code "[hls live1]"}
     * @param target          segment (fragment) duration, cut at the first keyframe after it
     * @param maxSegmentBytes a segment is cut at this size even without a keyframe
     * @param output          receives every opened session and every segment
     * @param memory          where media segments are kept
     */
    public ContinuousMuxer(String label, Duration target, long maxSegmentBytes, Output output, SegmentMemory memory) {
        this.label = label;
        this.memory = memory;
        this.target = target;
        this.maxSegmentBytes = maxSegmentBytes;
        this.output = output;
    }

    /** Closes the current session (its tail goes to the output) and opens one for {@code tracks}. */
    public void startSession(List<Track> tracks) {
        endSession();
        sessionTracks = tracks;
        restartPending = false;
        openSession();
    }

    /** Takes one access unit of the current session; a segment it closes goes to the output. */
    public void accept(AccessUnit unit) {
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
                output.onSegment(cut);
            }
        } catch (RuntimeException e) {
            LOG.error("{} muxing failed; restarting at the next keyframe", label, e);
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
            restartPending = true;
        }
    }

    /** Flushes the tail of the current session to the output and closes its muxer (no-op without one). */
    public void endSession() {
        if (session == null) {
            return;
        }
        try {
            CutSegment last = session.finish();
            if (last != null) {
                output.onSegment(last);
            }
        } catch (RuntimeException e) {
            LOG.error("{} flushing the last segment failed", label, e);
        } finally {
            timelineMicros = Math.max(timelineMicros, session.endMicros());
            session.close();
            session = null;
        }
    }

    /** The broadcast ended: flushes the tail like {@link #endSession()}; no restart follows. */
    public void end() {
        endSession();
        ended = true;
    }

    /** Where the next session starts on the broadcast's timeline (the end of the sessions so far). */
    public long timelineMicros() {
        return timelineMicros;
    }

    /** Frees the muxer without flushing anything to the output (service stopping); no restart follows. */
    @Override
    public void close() {
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
                LOG.warn("{} track {} ({}) left out: {}", label, t.id(), t.codec(), why);
            }
        }
        try {
            session = new SessionMuxer(sessionTracks, target, maxSegmentBytes, timelineMicros, memory);
        } catch (IllegalArgumentException e) {
            LOG.warn("{} nothing to mux in this session: {}", label, e.getMessage());
            return;
        } catch (FfmpegException e) {
            LOG.error("{} cannot open the fMP4 muxer", label, e);
            return;
        }
        output.onSessionOpened(session.tracks());
    }
}
