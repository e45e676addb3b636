// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Tags that apply to the media segment that follows them (RFC 8216 §4.3.2; 8216bis §4.4.4).
 *
 * <p>Stateless; appends complete lines to the caller's builder.
 */
public final class MediaSegmentTags {

    private static final DateTimeFormatter PDT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private MediaSegmentTags() {
    }

    /**
     * {@code #EXTINF:<d.ddd>,} (§4.3.2.1): the duration as a decimal with millisecond precision
     * (version 3 and higher allow decimals).
     */
    public static void extInf(StringBuilder out, long durationMicros) {
        long ms = extInfMillis(durationMicros);
        out.append("#EXTINF:").append(ms / 1000).append('.');
        long frac = ms % 1000;
        if (frac < 100) {
            out.append('0');
        }
        if (frac < 10) {
            out.append('0');
        }
        out.append(frac).append(",\n");
    }

    /** The EXTINF value in milliseconds, as {@link #extInf} writes it (rounded half up). */
    public static long extInfMillis(long durationMicros) {
        return (Math.max(0, durationMicros) + 500) / 1000;
    }

    /** {@code #EXT-X-DISCONTINUITY} (§4.3.2.3): encoding or timestamps change at this segment. */
    public static void discontinuity(StringBuilder out) {
        out.append("#EXT-X-DISCONTINUITY\n");
    }

    /**
     * {@code #EXT-X-MAP:URI="<uri>"} (§4.3.2.5): the init segment for this and the following
     * segments, until the next EXT-X-MAP.
     */
    public static void map(StringBuilder out, String uri) {
        out.append("#EXT-X-MAP:URI=\"").append(uri).append("\"\n");
    }

    /**
     * {@code #EXT-X-PROGRAM-DATE-TIME:<ISO-8601>} (§4.3.2.6): the wall-clock time of the
     * segment's first sample, with milliseconds and an explicit offset.
     */
    public static void programDateTime(StringBuilder out, long epochMillis) {
        out.append("#EXT-X-PROGRAM-DATE-TIME:").append(PDT.format(Instant.ofEpochMilli(epochMillis))).append('\n');
    }

    /** The segment URI line that ends a segment's tags (§4.3.2). */
    public static void uri(StringBuilder out, String uri) {
        out.append(uri).append('\n');
    }
}
