// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Polls one stream's media playlist at a jittered interval (uniform in 0.5..1.5 × the nominal
 * one) and derives two figures from outside the server:
 * <ul>
 *   <li>time to first playlist: from the publisher's start to the first poll that returns a
 *       playlist listing at least one segment;</li>
 *   <li>observed segment latency: for each segment first listed by a poll at or after
 *       {@link #measureFrom(long)}, the time from the publisher sending the last packet of that
 *       segment to the end of that poll. It includes up to one poll interval and one HTTP (or
 *       file) read.</li>
 * </ul>
 * A segment's position on the publisher's timeline is the running sum of EXTINF durations since
 * the first segment (which starts at the first keyframe, dts 0), snapped to the nearest keyframe
 * the publisher sent (segments are cut on keyframes, one every 2 s). A gap in media sequence
 * numbers ends the latency measurement for this stream (the timeline is lost).
 *
 * <p>Runs on its own (virtual) thread until {@link #stop()}.
 */
public final class PlaylistWatcher implements Runnable {

    private static final long SNAP_TOLERANCE_MS = 500;

    private final PlaylistSource source;
    private final SendLog sendLog;
    private final long pollNanos;
    private final List<Double> latenciesMs = new ArrayList<>();
    private volatile boolean stopped;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile long firstPlaylistNanos;
    private volatile boolean timelineLost;
    private long nextSequence = -1;
    private double endSeconds;
    private int unmatched;

    public PlaylistWatcher(PlaylistSource source, SendLog sendLog, long pollMillis) {
        this.source = source;
        this.sendLog = sendLog;
        this.pollNanos = pollMillis * 1_000_000L;
    }

    /** Counts latency samples only for segments first seen at or after {@code nanos}. */
    public void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    public void stop() {
        stopped = true;
    }

    /** When the first playlist with a segment was seen ({@link System#nanoTime()}), 0 before. */
    public long firstPlaylistNanos() {
        return firstPlaylistNanos;
    }

    /** Milliseconds from publisher start to the first playlist, or -1. */
    public double firstPlaylistMillis() {
        long first = firstPlaylistNanos;
        long start = sendLog.startNanos();
        return first == 0 || start == 0 ? -1 : (first - start) / 1e6;
    }

    /** Observed latencies in ms (a copy). */
    public synchronized List<Double> latenciesMs() {
        return List.copyOf(latenciesMs);
    }

    /** Whether a media-sequence gap cut the measurement short. */
    public boolean timelineLost() {
        return timelineLost;
    }

    /** Segments whose end could not be matched to a keyframe the publisher sent. */
    public synchronized int unmatched() {
        return unmatched;
    }

    @Override
    public void run() {
        long next = System.nanoTime();
        while (!stopped) {
            Optional<String> text = source.fetch();
            long seen = System.nanoTime();
            text.ifPresent(t -> observe(MediaPlaylist.parse(t), seen));
            // Jittered (0.5..1.5 × the interval): a fixed period that divides the 2 s GOP would
            // poll at the same phase of every segment, turning the poll delay into a constant.
            next += (long) (pollNanos * (0.5 + ThreadLocalRandom.current().nextDouble()));
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    private synchronized void observe(MediaPlaylist playlist, long seen) {
        if (playlist.segments().isEmpty()) {
            return;
        }
        boolean first = firstPlaylistNanos == 0;
        if (first) {
            firstPlaylistNanos = seen;
            nextSequence = playlist.segments().getFirst().sequence();
        }
        for (MediaPlaylist.Segment s : playlist.segments()) {
            if (timelineLost || s.sequence() < nextSequence) {
                continue;
            }
            if (s.sequence() > nextSequence) {
                timelineLost = true;
                return;
            }
            endSeconds += s.seconds();
            nextSequence = s.sequence() + 1;
            if (!first && seen >= measureFromNanos) {
                long sent = sendLog.lastPacketBefore(Math.round(endSeconds * 1000), SNAP_TOLERANCE_MS);
                if (sent == 0) {
                    unmatched++;
                } else {
                    latenciesMs.add((seen - sent) / 1e6);
                }
            }
        }
    }
}
