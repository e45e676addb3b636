// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * One elementary stream declared by a publisher.
 *
 * @param id          index of the track within its publisher session, from 0
 * @param codec       the codec of every access unit on this track
 * @param timescale   units per second of {@link AccessUnit#pts()} and {@link AccessUnit#dts()}
 * @param config      out-of-band decoder configuration
 * @param width       picture width in pixels (video), 0 if unknown or audio
 * @param height      picture height in pixels (video), 0 if unknown or audio
 * @param sampleRate  samples per second (audio), 0 for video
 * @param channels    channel count (audio), 0 for video
 * @param codecString RFC 6381 codecs parameter ("avc1.64001f", "mp4a.40.2"), for playlists
 */
public record Track(int id, Codec codec, int timescale, CodecConfig config,
                    int width, int height, int sampleRate, int channels, String codecString) {

    public Track {
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale must be positive");
        }
    }

    /** Video or audio. */
    public MediaType mediaType() {
        return codec.mediaType();
    }
}
