// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.MediaType;
import dev.livepipe.media.Track;
import dev.livepipe.mux.CodecStrings;
import dev.livepipe.mux.CutSegment;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sliding window of one broadcast's segments and the playlist rules that go with it
 * (RFC 8216 §6.2.2; 8216bis §6.2.2):
 * <ul>
 *   <li>at most {@code windowSize} segments are listed; media sequence numbers grow by one per
 *       segment and are never reused within the broadcast;</li>
 *   <li>a segment that leaves the window stays fetchable for one more window (§6.2.2: a server
 *       must not remove a segment earlier than the playlist duration after it left);</li>
 *   <li>when a segment carrying EXT-X-DISCONTINUITY leaves, EXT-X-DISCONTINUITY-SEQUENCE grows;</li>
 *   <li>EXT-X-TARGETDURATION is the ceiling of the longest EXTINF the broadcast ever had (and at
 *       least the configured target), so it never shrinks (§4.3.3.1, §6.2.1);</li>
 *   <li>the first listed segment and the first one after a change of init carry EXT-X-MAP.</li>
 * </ul>
 *
 * <p>Threading: confined to the broadcast's muxing executor; {@link #snapshot} produces the
 * immutable value the HTTP side reads. Ownership: holds one reference to each fetchable
 * segment's bytes and releases it when the segment drops out of the retired list or at
 * {@link #close()}; a snapshot may still name a released segment, so readers retain before use.
 */
final class SegmentWindow {

    private final String token;
    private final int windowSize;
    private final ArrayDeque<Segment> window = new ArrayDeque<>();
    private final ArrayDeque<Segment> retired = new ArrayDeque<>();
    private final Map<Integer, Buffer> inits = new HashMap<>();
    private boolean closed;
    private long nextSequence;
    private long discontinuitySequence;
    private int targetDuration;

    SegmentWindow(String token, int windowSize, Duration target) {
        this.token = token;
        this.windowSize = windowSize;
        this.targetDuration = MediaPlaylistTags.targetDurationFor(target.toNanos() / 1000);
    }

    /** Whether any segment was ever added. */
    boolean isEmpty() {
        return nextSequence == 0;
    }

    /** Registers an init segment before the first segment that uses it. */
    void addInit(int id, byte[] bytes) {
        inits.put(id, Buffer.buffer(bytes));
    }

    /**
     * Appends a segment (sliding the window) and returns it; takes over the cut's reference to
     * its bytes.
     *
     * @throws IllegalStateException after {@link #close()} (the bytes are released first)
     */
    Segment add(CutSegment cut, int initId, boolean discontinuity) {
        if (closed) {
            cut.bytes().release();
            throw new IllegalStateException("segment window closed");
        }
        Segment s = new Segment(nextSequence++, initId, discontinuity, cut.durationMicros(),
                cut.programDateTimeMillis(), cut.bytes(), cut.videoFrames(), cut.startsWithKeyframe());
        window.addLast(s);
        targetDuration = Math.max(targetDuration, MediaPlaylistTags.targetDurationFor(s.durationMicros()));
        while (window.size() > windowSize) {
            Segment out = window.removeFirst();
            if (out.discontinuity()) {
                discontinuitySequence++;
            }
            retired.addLast(out);
        }
        while (retired.size() > windowSize) {
            retired.removeFirst().bytes().release();
        }
        Set<Integer> used = new HashSet<>();
        window.forEach(x -> used.add(x.initId()));
        retired.forEach(x -> used.add(x.initId()));
        used.add(initId);
        inits.keySet().retainAll(used);
        return s;
    }

    /** Releases every segment's bytes (the broadcast is no longer served); idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        window.forEach(s -> s.bytes().release());
        retired.forEach(s -> s.bytes().release());
        window.clear();
        retired.clear();
    }

    /** The immutable state to serve, with {@code tracks} (the newest session's) for CODECS etc. */
    StreamSnapshot snapshot(boolean ended, List<Track> tracks) {
        Map<Long, Segment> fetchable = new HashMap<>();
        retired.forEach(s -> fetchable.put(s.sequence(), s));
        window.forEach(s -> fetchable.put(s.sequence(), s));
        if (window.isEmpty()) {
            return new StreamSnapshot(token, List.of(), fetchable, inits, discontinuitySequence, targetDuration,
                    ended, null, null);
        }
        List<MediaPlaylist.Entry> entries = new ArrayList<>(window.size());
        int previousInit = -1;
        for (Segment s : window) {
            String map = s.initId() != previousInit ? HlsPaths.initUri(s.initId()) : null;
            previousInit = s.initId();
            entries.add(new MediaPlaylist.Entry(HlsPaths.segmentUri(s.sequence()), s.durationMicros(),
                    s.discontinuity(), map, s.programDateTimeMillis()));
        }
        String playlist = new MediaPlaylist(targetDuration, window.getFirst().sequence(), discontinuitySequence,
                entries, ended).render();
        return new StreamSnapshot(token, List.copyOf(window), fetchable, inits, discontinuitySequence,
                targetDuration, ended, playlist, variant(tracks));
    }

    private Variant variant(List<Track> tracks) {
        long peak = 0;
        long bytes = 0;
        long micros = 0;
        long frames = 0;
        for (Segment s : window) {
            peak = Math.max(peak, s.bitrate());
            bytes += s.bytes().length();
            micros += s.durationMicros();
            frames += s.videoFrames();
        }
        long average = micros > 0 ? bytes * 8L * 1_000_000L / micros : 0;
        List<String> codecs = new ArrayList<>();
        int width = 0;
        int height = 0;
        boolean video = false;
        for (Track t : tracks) {
            codecs.add(CodecStrings.of(t));
            if (t.mediaType() == MediaType.VIDEO) {
                video = true;
                width = t.width();
                height = t.height();
            }
        }
        double fps = video && micros > 0 ? Math.round(frames * 1e9 / micros) / 1000.0 : 0;
        return new Variant(HlsPaths.mediaPlaylistUri(token), Math.max(peak, average), average, codecs,
                width, height, fps);
    }
}
