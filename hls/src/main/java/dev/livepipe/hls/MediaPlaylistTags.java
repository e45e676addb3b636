// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * Tags that describe a media playlist as a whole (RFC 8216 §4.3.3; 8216bis §4.4.3).
 *
 * <p>Stateless; appends complete lines to the caller's builder.
 */
public final class MediaPlaylistTags {

    private MediaPlaylistTags() {
    }

    /**
     * {@code #EXT-X-TARGETDURATION:<s>} (§4.3.3.1): every EXTINF, rounded to the nearest integer,
     * must be less than or equal to it.
     */
    public static void targetDuration(StringBuilder out, int seconds) {
        out.append("#EXT-X-TARGETDURATION:").append(seconds).append('\n');
    }

    /** {@code #EXT-X-MEDIA-SEQUENCE:<n>}: the sequence number of the first segment (§4.3.3.2). */
    public static void mediaSequence(StringBuilder out, long sequence) {
        out.append("#EXT-X-MEDIA-SEQUENCE:").append(sequence).append('\n');
    }

    /**
     * {@code #EXT-X-DISCONTINUITY-SEQUENCE:<n>} (§4.3.3.3): the discontinuity sequence number of
     * the first segment, i.e. how many EXT-X-DISCONTINUITY tags have left the window (§6.2.2).
     */
    public static void discontinuitySequence(StringBuilder out, long sequence) {
        out.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(sequence).append('\n');
    }

    /** {@code #EXT-X-ENDLIST}: no more segments will be added (§4.3.3.4). */
    public static void endList(StringBuilder out) {
        out.append("#EXT-X-ENDLIST\n");
    }

    /**
     * The smallest target duration that covers a segment of {@code durationMicros}: the ceiling
     * of its EXTINF value as written (milliseconds), so that it also covers the rounded value.
     */
    public static int targetDurationFor(long durationMicros) {
        long millis = MediaSegmentTags.extInfMillis(durationMicros);
        return (int) Math.max(1, (millis + 999) / 1000);
    }
}
