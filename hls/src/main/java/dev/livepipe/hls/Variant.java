// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.util.List;

/**
 * One variant stream of a multivariant playlist (RFC 8216 §4.3.4.2).
 *
 * @param uri              the media playlist URI, relative to the multivariant playlist
 * @param bandwidth        peak segment bit rate, bits per second
 * @param averageBandwidth average segment bit rate, bits per second (0: omit)
 * @param codecs           RFC 6381 codec strings of every track in the variant
 * @param width            picture width (0: no video or unknown)
 * @param height           picture height
 * @param frameRate        video frames per second (0: omit)
 */
public record Variant(String uri, long bandwidth, long averageBandwidth, List<String> codecs,
                      int width, int height, double frameRate) {

    public Variant {
        codecs = List.copyOf(codecs);
    }

    /** The same variant under another URI (e.g. with a per-viewer query added). */
    public Variant withUri(String newUri) {
        return new Variant(newUri, bandwidth, averageBandwidth, codecs, width, height, frameRate);
    }
}
