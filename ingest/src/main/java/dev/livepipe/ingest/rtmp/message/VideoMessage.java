// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import io.vertx.core.buffer.Buffer;

/**
 * Video Message (Adobe RTMP specification 1.0, section 7.1.5): one FLV video tag body
 * (FLV specification 10.1, E.4.3; Enhanced RTMP v1/v2 for the extended header).
 *
 * @param timestamp       the decode time in milliseconds, 32-bit unsigned
 * @param messageStreamId the message stream it was published on
 * @param payload         the tag body; shared, never modified
 */
public record VideoMessage(long timestamp, int messageStreamId, Buffer payload)
        implements RtmpMessage {

    /** Wraps a raw type 9 message. */
    public static VideoMessage decode(RawMessage raw) {
        return new VideoMessage(raw.timestamp(), raw.messageStreamId(), raw.payload());
    }

    @Override
    public int typeId() {
        return MessageType.VIDEO;
    }

    @Override
    public RawMessage toRaw() {
        return new RawMessage(MessageType.VIDEO_CHUNK_STREAM, typeId(), timestamp, messageStreamId,
                payload);
    }
}
