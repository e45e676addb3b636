// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/**
 * Bounds the SDP parsers enforce before allocating anything per line or per section. Every
 * browser offer stays far below them (a Chrome offer with audio and video is about 150 lines,
 * the longest line under 300 characters).
 *
 * @param maxChars         longest text accepted (the HTTP layer already bounds the body bytes)
 * @param maxLines         most lines
 * @param maxLineLength    longest line, without its line break
 * @param maxMediaSections most {@code m=} sections (RFC 8866 §5.14)
 */
public record SdpLimits(int maxChars, int maxLines, int maxLineLength, int maxMediaSections) {

    /** 64 KiB, 2000 lines, 2 KiB per line, 16 m-sections. */
    public static final SdpLimits DEFAULT = new SdpLimits(64 * 1024, 2000, 2048, 16);

    public SdpLimits {
        if (maxChars < 1 || maxLines < 1 || maxLineLength < 16 || maxMediaSections < 1) {
            throw new IllegalArgumentException("SDP limits must be positive");
        }
    }
}
