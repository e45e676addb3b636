// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * The basic tags every playlist starts with (RFC 8216 §4.3.1; 8216bis §4.4.1).
 *
 * <p>Stateless; appends complete lines (with {@code \n}) to the caller's builder.
 */
public final class BasicTags {

    /** The protocol version this server writes: fMP4 with EXT-X-MAP needs 6 or higher (§7). */
    public static final int VERSION = 7;

    private BasicTags() {
    }

    /** {@code #EXTM3U}: the first line of every playlist (§4.3.1.1). */
    public static void extM3u(StringBuilder out) {
        out.append("#EXTM3U\n");
    }

    /** {@code #EXT-X-VERSION:<n>} (§4.3.1.2). */
    public static void version(StringBuilder out, int version) {
        out.append("#EXT-X-VERSION:").append(version).append('\n');
    }
}
