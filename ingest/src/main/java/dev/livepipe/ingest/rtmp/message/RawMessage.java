// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import io.vertx.core.buffer.Buffer;

/**
 * One complete RTMP message as the chunk stream carries it (Adobe RTMP specification 1.0,
 * section 5.4 and 6.1), before its payload is interpreted.
 *
 * @param chunkStreamId   the chunk stream it arrived on, or is to be sent on (2..65599)
 * @param typeId          the message type id (see {@link MessageType})
 * @param timestamp       the message timestamp in milliseconds, 32-bit unsigned
 * @param messageStreamId the message stream id (0 for the NetConnection)
 * @param payload         the payload; owned by this record and never modified after creation
 */
public record RawMessage(int chunkStreamId, int typeId, long timestamp, int messageStreamId,
                         Buffer payload) {
}
