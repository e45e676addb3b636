// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.util.Locale;

/**
 * Tags of a multivariant ("master") playlist (RFC 8216 §4.3.4; 8216bis §4.4.6).
 *
 * <p>Stateless; appends complete lines to the caller's builder.
 */
public final class MultivariantTags {

    private MultivariantTags() {
    }

    /**
     * {@code #EXT-X-STREAM-INF:…} followed by the variant's URI line (§4.3.4.2). BANDWIDTH is the
     * peak segment bit rate, AVERAGE-BANDWIDTH the average one; CODECS lists every format in the
     * variant (RFC 6381); RESOLUTION and FRAME-RATE are written for video.
     */
    public static void streamInf(StringBuilder out, Variant v) {
        out.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(v.bandwidth());
        if (v.averageBandwidth() > 0) {
            out.append(",AVERAGE-BANDWIDTH=").append(v.averageBandwidth());
        }
        if (!v.codecs().isEmpty()) {
            out.append(",CODECS=\"").append(String.join(",", v.codecs())).append('"');
        }
        if (v.width() > 0 && v.height() > 0) {
            out.append(",RESOLUTION=").append(v.width()).append('x').append(v.height());
        }
        if (v.frameRate() > 0) {
            out.append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.frameRate()));
        }
        out.append('\n').append(v.uri()).append('\n');
    }
}
