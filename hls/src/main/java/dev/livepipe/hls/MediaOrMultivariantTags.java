// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * Tags that may appear in media and multivariant playlists alike (RFC 8216 §4.3.5;
 * 8216bis §4.4.2).
 *
 * <p>Stateless; appends complete lines to the caller's builder.
 */
public final class MediaOrMultivariantTags {

    private MediaOrMultivariantTags() {
    }

    /**
     * {@code #EXT-X-INDEPENDENT-SEGMENTS} (§4.3.5.1): every segment can be decoded without the
     * ones before it. True here because video segments start at keyframes.
     */
    public static void independentSegments(StringBuilder out) {
        out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
}
