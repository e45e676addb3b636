// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/** The codecs an access unit can carry; each maps to exactly one {@link Payload} record. */
public enum Codec {
    H264(MediaType.VIDEO),
    HEVC(MediaType.VIDEO),
    AV1(MediaType.VIDEO),
    VP8(MediaType.VIDEO),
    AAC(MediaType.AUDIO),
    OPUS(MediaType.AUDIO);

    private final MediaType mediaType;

    Codec(MediaType mediaType) {
        this.mediaType = mediaType;
    }

    /** Video or audio. */
    public MediaType mediaType() {
        return mediaType;
    }
}
