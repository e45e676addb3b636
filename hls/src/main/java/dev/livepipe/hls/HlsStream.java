// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.BroadcastReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The HLS side of one broadcast: its random token, the latest {@link StreamSnapshot} and the
 * timing figures.
 *
 * <p>Threading: the muxing thread publishes snapshots and timings; event loops read snapshots
 * (a volatile reference to an immutable value) and register ready-waiters; {@link #describe()}
 * may be called from any thread.
 */
public final class HlsStream {

    private static final int KEPT_TIMINGS = 64;

    private final String streamId;
    private final String broadcastId;
    private final String token;
    private final long startedNanos;
    private final AtomicReference<StreamSnapshot> snapshot;
    private final Set<Runnable> readyWaiters = ConcurrentHashMap.newKeySet();
    private final LatencyStats latency = new LatencyStats(1024);
    private final LatencyStats muxTime = new LatencyStats(1024);
    private final ArrayDeque<SegmentTiming> recent = new ArrayDeque<>();
    private volatile long firstPlaylistNanos = -1;
    private volatile String state = "live";
    private volatile BroadcastReader reader;

    HlsStream(String streamId, String broadcastId, String token, long startedNanos) {
        this.streamId = streamId;
        this.broadcastId = broadcastId;
        this.token = token;
        this.startedNanos = startedNanos;
        this.snapshot = new AtomicReference<>(StreamSnapshot.empty(token));
    }

    /** The stream this broadcast belongs to. */
    public String streamId() {
        return streamId;
    }

    /** The broadcast (see {@code Broadcast.id()}). */
    public String broadcastId() {
        return broadcastId;
    }

    /** The random per-broadcast token in every URI below the multivariant playlist. */
    public String token() {
        return token;
    }

    /** What can be served now. */
    public StreamSnapshot snapshot() {
        return snapshot.get();
    }

    /** Nanoseconds from the broadcast's start to its first fetchable playlist, or -1. */
    public long timeToFirstPlaylistNanos() {
        return firstPlaylistNanos;
    }

    void attach(BroadcastReader r) {
        this.reader = r;
    }

    BroadcastReader reader() {
        return reader;
    }

    void state(String newState) {
        this.state = newState;
    }

    /**
     * Publishes a snapshot to the HTTP side, wakes requests waiting for the first segment.
     *
     * @return the {@link System#nanoTime()} right after it became visible
     */
    long publish(StreamSnapshot s) {
        snapshot.set(s);
        long now = System.nanoTime();
        if (s.ready() && firstPlaylistNanos < 0) {
            firstPlaylistNanos = now - startedNanos;
        }
        if (s.ready() || s.ended()) {
            for (Runnable r : List.copyOf(readyWaiters)) {
                if (readyWaiters.remove(r)) {
                    r.run();
                }
            }
        }
        return now;
    }

    /**
     * Runs {@code waiter} once the stream has a segment or ended, unless {@link #cancelWait}
     * comes first. Returns false (and does not keep it) if that is already the case.
     */
    boolean awaitReady(Runnable waiter) {
        readyWaiters.add(waiter);
        StreamSnapshot s = snapshot.get();
        if (s.ready() || s.ended()) {
            // Became ready meanwhile: if publish() has not taken the waiter, the caller serves now.
            return !readyWaiters.remove(waiter);
        }
        return true;
    }

    /** Forgets a waiter (timed out); true if it had not run. */
    boolean cancelWait(Runnable waiter) {
        return readyWaiters.remove(waiter);
    }

    /** How many requests wait for the first segment. */
    int waiting() {
        return readyWaiters.size();
    }

    void record(SegmentTiming t) {
        if (!t.tail()) {
            latency.add(t.latencyNanos());
        }
        muxTime.add(t.muxNanos());
        synchronized (recent) {
            recent.addLast(t);
            while (recent.size() > KEPT_TIMINGS) {
                recent.removeFirst();
            }
        }
    }

    /**
     * A JSON snapshot for the admin API: the window's segments with their timings (latency from
     * the last access unit's arrival to fetchable, processing from the closing keyframe's arrival,
     * FFmpeg time, raw {@code System.nanoTime()} instants), rolling latency percentiles (tail
     * segments excluded) and the time to the first playlist.
     */
    public JsonObject describe() {
        StreamSnapshot s = snapshot.get();
        JsonArray segments = new JsonArray();
        List<SegmentTiming> timings;
        synchronized (recent) {
            timings = List.copyOf(recent);
        }
        for (Segment seg : s.window()) {
            JsonObject o = new JsonObject().put("sequence", seg.sequence())
                    .put("durationSeconds", seg.durationMicros() / 1e6).put("bytes", seg.bytes().length())
                    .put("programDateTime", Instant.ofEpochMilli(seg.programDateTimeMillis()).toString())
                    .put("discontinuity", seg.discontinuity()).put("init", seg.initId())
                    .put("videoFrames", seg.videoFrames());
            for (SegmentTiming t : timings) {
                if (t.sequence() == seg.sequence()) {
                    o.put("latencyMs", t.latencyNanos() / 1e6).put("processingMs", t.processingNanos() / 1e6)
                            .put("muxMs", t.muxNanos() / 1e6).put("tail", t.tail())
                            .put("lastArrivalNanos", t.lastArrivalNanos()).put("cutArrivalNanos", t.cutArrivalNanos())
                            .put("fetchableNanos", t.fetchableNanos());
                }
            }
            segments.add(o);
        }
        BroadcastReader r = reader;
        return new JsonObject().put("streamId", streamId).put("broadcastId", broadcastId).put("token", token)
                .put("state", state).put("ended", s.ended())
                .put("mediaSequence", s.mediaSequence()).put("discontinuitySequence", s.discontinuitySequence())
                .put("targetDuration", s.targetDuration()).put("segments", segments)
                .put("timeToFirstPlaylistMs", firstPlaylistNanos < 0 ? null : firstPlaylistNanos / 1e6)
                .put("latency", latency.describe()).put("mux", muxTime.describe())
                .put("droppedUnits", r == null ? 0 : r.dropped())
                .put("waitingRequests", readyWaiters.size());
    }

    LatencyStats latencyStats() {
        return latency;
    }
}
