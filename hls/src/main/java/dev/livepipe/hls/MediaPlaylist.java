// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.util.List;

/**
 * A live media playlist (RFC 8216 §4.3.3, §6.2.2; 8216bis §4.4.3): the sliding window of
 * segments with their tags.
 *
 * <p>Rules the caller's model must already satisfy (see {@link SegmentWindow}): the target
 * duration covers every EXTINF (§4.3.3.1), the discontinuity sequence counts the
 * EXT-X-DISCONTINUITY tags that left the window (§6.2.2), the first entry carries its EXT-X-MAP.
 *
 * <p>Immutable; {@link #render()} may be called from any thread.
 *
 * @param targetDuration        EXT-X-TARGETDURATION, seconds
 * @param mediaSequence         sequence number of the first entry
 * @param discontinuitySequence discontinuity sequence number of the first entry
 * @param entries               the segments in the window, oldest first
 * @param ended                 whether to write EXT-X-ENDLIST
 */
public record MediaPlaylist(int targetDuration, long mediaSequence, long discontinuitySequence,
                            List<Entry> entries, boolean ended) {

    public MediaPlaylist {
        entries = List.copyOf(entries);
    }

    /**
     * One segment line with its tags.
     *
     * @param uri                   segment URI, relative to the playlist
     * @param durationMicros        EXTINF
     * @param discontinuity         write EXT-X-DISCONTINUITY before it
     * @param mapUri                write EXT-X-MAP with this init segment URI before it (null: none)
     * @param programDateTimeMillis write EXT-X-PROGRAM-DATE-TIME (negative: none)
     */
    public record Entry(String uri, long durationMicros, boolean discontinuity, String mapUri,
                        long programDateTimeMillis) {
    }

    /** The playlist text. */
    public String render() {
        StringBuilder out = new StringBuilder(128 + 160 * entries.size());
        BasicTags.extM3u(out);
        BasicTags.version(out, BasicTags.VERSION);
        MediaPlaylistTags.targetDuration(out, targetDuration);
        MediaPlaylistTags.mediaSequence(out, mediaSequence);
        MediaPlaylistTags.discontinuitySequence(out, discontinuitySequence);
        MediaOrMultivariantTags.independentSegments(out);
        for (Entry e : entries) {
            if (e.discontinuity()) {
                MediaSegmentTags.discontinuity(out);
            }
            if (e.mapUri() != null) {
                MediaSegmentTags.map(out, e.mapUri());
            }
            if (e.programDateTimeMillis() >= 0) {
                MediaSegmentTags.programDateTime(out, e.programDateTimeMillis());
            }
            MediaSegmentTags.extInf(out, e.durationMicros());
            MediaSegmentTags.uri(out, e.uri());
        }
        if (ended) {
            MediaPlaylistTags.endList(out);
        }
        return out.toString();
    }
}
