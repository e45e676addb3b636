// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0Reader;
import dev.livepipe.ingest.rtmp.amf0.Amf0Writer;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Optional;

/**
 * Data Message (Adobe RTMP specification 1.0, section 7.1.2): AMF0 values, such as
 * {@code @setDataFrame, onMetaData, {...}} from a publisher. AMF3 data messages (type 15) are
 * accepted when their body is AMF0 after a zero format byte.
 *
 * @param values          the decoded values (immutable)
 * @param timestamp       the message timestamp in milliseconds
 * @param messageStreamId the message stream
 */
public record DataAmf0(List<Object> values, long timestamp, int messageStreamId)
        implements RtmpMessage {

    public DataAmf0 {
        values = List.copyOf(values);
    }

    /** Decodes a type 18 (or 15) message. */
    public static DataAmf0 decode(RawMessage raw) {
        Buffer p = raw.payload();
        int start = 0;
        if (raw.typeId() == MessageType.DATA_AMF3) {
            if (p.length() == 0 || p.getByte(0) != 0) {
                throw new RtmpProtocolException("AMF3 data message without the AMF0 format byte");
            }
            start = 1;
        }
        return new DataAmf0(Amf0Reader.readAll(p, start, p.length()), raw.timestamp(),
                raw.messageStreamId());
    }

    /**
     * The handler name and its arguments with the {@code @setDataFrame} wrapper removed:
     * {@code [@setDataFrame, onMetaData, x]} and {@code [onMetaData, x]} both give
     * {@code [onMetaData, x]}.
     */
    public List<Object> unwrapped() {
        if (!values.isEmpty() && "@setDataFrame".equals(values.get(0))) {
            return values.subList(1, values.size());
        }
        return values;
    }

    /** The handler name after unwrapping, if the first value is a string. */
    public Optional<String> handler() {
        List<Object> v = unwrapped();
        return !v.isEmpty() && v.get(0) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public int typeId() {
        return MessageType.DATA_AMF0;
    }

    @Override
    public RawMessage toRaw() {
        Amf0Writer w = new Amf0Writer();
        for (Object v : values) {
            w.write(v);
        }
        return new RawMessage(MessageType.COMMAND_CHUNK_STREAM, typeId(), timestamp,
                messageStreamId, w.toBuffer());
    }
}
