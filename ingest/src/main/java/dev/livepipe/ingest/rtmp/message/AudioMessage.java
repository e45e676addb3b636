// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import io.vertx.core.buffer.Buffer;

/**
 * Audio Message (Adobe RTMP specification 1.0, section 7.1.4): one FLV audio tag body
 * (FLV specification 10.1, E.4.2).
 *
 * @param timestamp       the decode time in milliseconds, 32-bit unsigned
 * @param messageStreamId the message stream it was published on
 * @param payload         the tag body; shared, never modified
 */
public record AudioMessage(long timestamp, int messageStreamId, Buffer payload)
        implements RtmpMessage {

    /** Wraps a raw type 8 message. */
    public static AudioMessage decode(RawMessage raw) {
        return new AudioMessage(raw.timestamp(), raw.messageStreamId(), raw.payload());
    }

    @Override
    public int typeId() {
        return MessageType.AUDIO;
    }

    @Override
    public RawMessage toRaw() {
        return new RawMessage(MessageType.AUDIO_CHUNK_STREAM, typeId(), timestamp, messageStreamId,
                payload);
    }
}
