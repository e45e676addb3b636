// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.Track;
import dev.livepipe.media.codec.AudioSpecificConfig;
import dev.livepipe.media.codec.AvcDecoderConfig;
import dev.livepipe.media.codec.BitstreamException;
import dev.livepipe.media.codec.HevcDecoderConfig;

/**
 * RFC 6381 {@code codecs} strings for playlists. The ingest edge normally sets
 * {@link Track#codecString()}; when it is empty the string is derived from the decoder
 * configuration (avcC, hvcC, AudioSpecificConfig) with the media module's parsers.
 */
public final class CodecStrings {

    private CodecStrings() {
    }

    /** The track's codec string: the edge's, or one derived from its configuration bytes. */
    public static String of(Track track) {
        if (track.codecString() != null && !track.codecString().isBlank()) {
            return track.codecString();
        }
        byte[] c = track.config().bytes();
        try {
            return switch (track.codec()) {
                case H264 -> AvcDecoderConfig.parse(c).codecString();
                case HEVC -> HevcDecoderConfig.parse(c).codecString();
                case AAC -> AudioSpecificConfig.parse(c).codecString();
                case OPUS -> "opus";
                case AV1 -> "av01";
                case VP8 -> "vp8";
            };
        } catch (BitstreamException unparseable) {
            return switch (track.codec()) {
                case H264 -> "avc1";
                case HEVC -> "hvc1";
                case AAC -> "mp4a.40.2";
                case OPUS -> "opus";
                case AV1 -> "av01";
                case VP8 -> "vp8";
            };
        }
    }
}
