// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.List;
import java.util.Optional;

/**
 * One publisher connection's contribution to a broadcast. A broadcast has one session per
 * (re)connect of its publisher; readers receive every session before its access units.
 *
 * @param sequence      0 for the first publisher of the broadcast, then 1, 2, … per reconnect
 * @param tracks        the tracks this publisher declared, ids from 0
 * @param discontinuity true when timestamps and possibly codec parameters restart (every
 *                      session after the first)
 * @param publisher     who publishes
 */
public record PublisherSession(int sequence, List<Track> tracks, boolean discontinuity,
                               PublisherInfo publisher) {

    public PublisherSession {
        tracks = List.copyOf(tracks);
    }

    /** The first video track, if any. */
    public Optional<Track> video() {
        return tracks.stream().filter(t -> t.mediaType() == MediaType.VIDEO).findFirst();
    }

    /** The first audio track, if any. */
    public Optional<Track> audio() {
        return tracks.stream().filter(t -> t.mediaType() == MediaType.AUDIO).findFirst();
    }
}
