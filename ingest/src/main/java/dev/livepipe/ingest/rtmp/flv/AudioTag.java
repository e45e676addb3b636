// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import io.vertx.core.buffer.Buffer;

/**
 * What one FLV audio tag body means (FLV specification 10.1 section E.4.2.1, Enhanced RTMP v2
 * "ExAudioTagHeader"). Only AAC is ingested. Buffers are slices of the message payload.
 */
public sealed interface AudioTag {

    /**
     * An AudioSpecificConfig.
     *
     * @param config   the ASC bytes
     * @param channels 1 or 2 from the legacy SoundType bit (a weak hint), 0 if unknown
     */
    record SequenceStart(byte[] config, int channels) implements AudioTag {
    }

    /** One raw AAC frame. */
    record Frame(Buffer data) implements AudioTag {
    }

    /** End of sequence. */
    record SequenceEnd() implements AudioTag {
    }

    /** Valid but not media: multichannel config, multitrack, ModEx. */
    record Ignored(String what) implements AudioTag {
    }

    /** A codec this server does not ingest; {@code name} is for a log line. */
    record Unsupported(String name) implements AudioTag {
    }
}
