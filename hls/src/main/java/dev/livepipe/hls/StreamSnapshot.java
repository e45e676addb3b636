// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP side may serve of one broadcast at one moment: an immutable value published by
 * the muxing thread through a volatile reference and read by event loops without locks.
 *
 * @param token                 the broadcast's random URI token
 * @param window                the segments in the media playlist, oldest first
 * @param fetchable             the window plus the segments that left it less than a window ago
 * @param inits                 init segments still needed by a fetchable segment, by id
 * @param discontinuitySequence EXT-X-DISCONTINUITY-SEQUENCE of the window
 * @param targetDuration        EXT-X-TARGETDURATION
 * @param ended                 the broadcast ended (EXT-X-ENDLIST written)
 * @param mediaPlaylist         the rendered media playlist (null while there is no segment)
 * @param variant               the variant for the multivariant playlist (null while no segment)
 */
public record StreamSnapshot(String token, List<Segment> window, Map<Long, Segment> fetchable,
                             Map<Integer, Buffer> inits, long discontinuitySequence, int targetDuration,
                             boolean ended, String mediaPlaylist, Variant variant) {

    public StreamSnapshot {
        window = List.copyOf(window);
        fetchable = Map.copyOf(fetchable);
        inits = Map.copyOf(inits);
    }

    /** Nothing to serve yet. */
    static StreamSnapshot empty(String token) {
        return new StreamSnapshot(token, List.of(), Map.of(), Map.of(), 0, 0, false, null, null);
    }

    /** Whether a playlist can be served (at least one segment). */
    public boolean ready() {
        return !window.isEmpty();
    }

    /** EXT-X-MEDIA-SEQUENCE: the first segment's sequence number (0 while empty). */
    public long mediaSequence() {
        return window.isEmpty() ? 0 : window.getFirst().sequence();
    }

    /** The same snapshot marked as ended, for a broadcast that ended before any segment. */
    StreamSnapshot asEnded() {
        return new StreamSnapshot(token, window, fetchable, inits, discontinuitySequence, targetDuration, true,
                mediaPlaylist, variant);
    }
}
