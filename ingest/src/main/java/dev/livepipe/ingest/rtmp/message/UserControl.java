// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;

/**
 * User Control Message (Adobe RTMP specification 1.0, sections 6.2 and 7.1.7): a 16-bit event
 * type followed by event data. Every defined event carries one 32-bit value (a stream id or a
 * timestamp); Set Buffer Length carries a second one, the buffer length in milliseconds.
 *
 * @param eventType one of the constants below
 * @param value     the stream id or timestamp
 * @param extra     the buffer length for {@link #SET_BUFFER_LENGTH}, otherwise 0
 */
public record UserControl(int eventType, long value, long extra) implements RtmpMessage {

    /** Stream Begin: the stream became functional. */
    public static final int STREAM_BEGIN = 0;
    /** Stream EOF: playback of the stream is over. */
    public static final int STREAM_EOF = 1;
    /** Stream Dry: no more data on the stream. */
    public static final int STREAM_DRY = 2;
    /** Set Buffer Length: the client's buffer size for a stream. */
    public static final int SET_BUFFER_LENGTH = 3;
    /** Stream Is Recorded. */
    public static final int STREAM_IS_RECORDED = 4;
    /** Ping Request, answered by Ping Response with the same timestamp. */
    public static final int PING_REQUEST = 6;
    /** Ping Response. */
    public static final int PING_RESPONSE = 7;

    /** Stream Begin for {@code streamId}. */
    public static UserControl streamBegin(int streamId) {
        return new UserControl(STREAM_BEGIN, streamId, 0);
    }

    /** Decodes the event; unknown event types keep only their type. */
    public static UserControl decode(RawMessage raw) {
        Buffer p = raw.payload();
        Payloads.requireLength(raw, 2, "UserControl");
        int type = p.getUnsignedShort(0);
        if (type > PING_RESPONSE || type == 5) {
            return new UserControl(type, 0, 0);
        }
        if (p.length() < 6) {
            throw new RtmpProtocolException("user control event " + type + " without its data");
        }
        long value = p.getUnsignedInt(2);
        long extra = 0;
        if (type == SET_BUFFER_LENGTH) {
            if (p.length() < 10) {
                throw new RtmpProtocolException("SetBufferLength without a buffer length");
            }
            extra = p.getUnsignedInt(6);
        }
        return new UserControl(type, value, extra);
    }

    @Override
    public int typeId() {
        return MessageType.USER_CONTROL;
    }

    @Override
    public RawMessage toRaw() {
        Buffer b = Buffer.buffer(10).appendUnsignedShort(eventType).appendUnsignedInt(value);
        if (eventType == SET_BUFFER_LENGTH) {
            b.appendUnsignedInt(extra);
        }
        return Payloads.control(typeId(), b);
    }
}
