// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import dev.livepipe.media.Codec;
import io.vertx.core.buffer.Buffer;

/**
 * What one FLV video tag body means (FLV specification 10.1 section E.4.3.1, Enhanced RTMP
 * v1/v2 "ExVideoTagHeader"). Buffers are slices of the message payload, never modified.
 */
public sealed interface VideoTag {

    /** A decoder configuration record (avcC or hvcC) for {@code codec}. */
    record SequenceStart(Codec codec, byte[] config) implements VideoTag {
    }

    /**
     * One coded picture.
     *
     * @param codec           H.264 or HEVC
     * @param compositionTime pts - dts in milliseconds (signed 24-bit)
     * @param keyframe        the tag's frame type said "key frame"
     * @param data            the length-prefixed NAL units
     */
    record CodedFrame(Codec codec, int compositionTime, boolean keyframe, Buffer data)
            implements VideoTag {
    }

    /** End of sequence for {@code codec}. */
    record SequenceEnd(Codec codec) implements VideoTag {
    }

    /** Something valid that carries no picture: a command frame, metadata, multitrack. */
    record Ignored(String what) implements VideoTag {
    }

    /** A codec this server does not ingest; {@code name} is for a log line. */
    record Unsupported(String name) implements VideoTag {
    }
}
