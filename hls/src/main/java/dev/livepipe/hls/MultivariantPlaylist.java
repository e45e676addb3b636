// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.util.List;

/**
 * A multivariant playlist (RFC 8216 §4.3.4; 8216bis §4.4.6): one EXT-X-STREAM-INF per variant.
 * Today a broadcast has one variant whose fMP4 segments carry video and audio together.
 *
 * <p>Immutable; {@link #render()} may be called from any thread (the HTTP handler renders per
 * request, so variant URIs can carry per-viewer query parameters).
 *
 * @param variants the variants, best first
 */
public record MultivariantPlaylist(List<Variant> variants) {

    public MultivariantPlaylist {
        variants = List.copyOf(variants);
    }

    /** The playlist text. */
    public String render() {
        StringBuilder out = new StringBuilder(256);
        BasicTags.extM3u(out);
        BasicTags.version(out, BasicTags.VERSION);
        MediaOrMultivariantTags.independentSegments(out);
        for (Variant v : variants) {
            MultivariantTags.streamInf(out, v);
        }
        return out.toString();
    }
}
