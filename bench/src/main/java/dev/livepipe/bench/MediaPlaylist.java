// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The little of an HLS playlist (RFC 8216) the benchmark reads: the media sequence number and
 * the full segments (EXTINF + URI) of a media playlist, or the first variant URI of a
 * multivariant playlist. Partial segments (LL-HLS {@code EXT-X-PART}) are ignored.
 *
 * @param variantUri    the first {@code EXT-X-STREAM-INF} URI when this is a multivariant playlist
 * @param mediaSequence {@code EXT-X-MEDIA-SEQUENCE} (0 when absent)
 * @param segments      full segments in playlist order
 */
public record MediaPlaylist(Optional<String> variantUri, long mediaSequence, List<Segment> segments) {

    /**
     * @param sequence media sequence number of the segment
     * @param seconds  its EXTINF duration
     * @param uri      its URI as written
     */
    public record Segment(long sequence, double seconds, String uri) {
    }

    /** Parses playlist text; never throws on odd input (unknown lines are skipped). */
    public static MediaPlaylist parse(String text) {
        long sequence = 0;
        Double pending = null;
        boolean streamInf = false;
        String variant = null;
        List<Segment> segments = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                sequence = parseLong(line.substring(22), 0);
            } else if (line.startsWith("#EXTINF:")) {
                String v = line.substring(8);
                int comma = v.indexOf(',');
                pending = parseDouble(comma < 0 ? v : v.substring(0, comma));
            } else if (line.startsWith("#EXT-X-STREAM-INF")) {
                streamInf = true;
            } else if (!line.startsWith("#")) {
                if (streamInf && variant == null) {
                    variant = line;
                } else if (pending != null) {
                    durations.add(pending);
                    uris.add(line);
                }
                pending = null;
                streamInf = false;
            }
        }
        for (int i = 0; i < durations.size(); i++) {
            segments.add(new Segment(sequence + i, durations.get(i), uris.get(i)));
        }
        return new MediaPlaylist(Optional.ofNullable(variant), sequence, List.copyOf(segments));
    }

    private static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Double parseDouble(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
