// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import dev.livepipe.ingest.rtmp.message.RawMessage;
import io.vertx.core.buffer.Buffer;

/**
 * Splits messages this server sends into chunks (Adobe RTMP specification 1.0, section 5.3):
 * a type 0 header for the first chunk of every message and type 3 headers for the rest, with
 * the extended timestamp repeated in each type 3 chunk when the timestamp needs it (5.3.1.3).
 * The server sends few messages, so it spends no effort on header compression.
 *
 * <p>Threading: not thread-safe; used by one connection's event loop.
 */
public final class ChunkEncoder {

    private int chunkSize = ChunkDecoder.DEFAULT_CHUNK_SIZE;

    /** Our current outgoing chunk size. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Uses {@code size} for the chunks of every later message (after sending Set Chunk Size). */
    public void setChunkSize(int size) {
        if (size < 1 || size > 0xFFFFFF) {
            throw new IllegalArgumentException("invalid chunk size " + size);
        }
        chunkSize = size;
    }

    /** The chunks of one message, as one buffer ready for the socket. */
    public Buffer encode(RawMessage message) {
        Buffer payload = message.payload();
        int length = payload.length();
        if (length > 0xFFFFFF) {
            throw new IllegalArgumentException("message longer than 16 MiB");
        }
        long ts = message.timestamp() & 0xFFFF_FFFFL;
        boolean extended = ts >= 0xFFFFFF;
        int chunks = Math.max(1, (length + chunkSize - 1) / chunkSize);
        Buffer out = Buffer.buffer(length + 18 + chunks * 7);
        BasicHeader.write(out, 0, message.chunkStreamId());
        out.appendMedium(extended ? 0xFFFFFF : (int) ts)
                .appendMedium(length)
                .appendByte((byte) message.typeId())
                .appendIntLE(message.messageStreamId());
        if (extended) {
            out.appendUnsignedInt(ts);
        }
        int pos = 0;
        do {
            if (pos > 0) {
                BasicHeader.write(out, 3, message.chunkStreamId());
                if (extended) {
                    out.appendUnsignedInt(ts);
                }
            }
            int n = Math.min(chunkSize, length - pos);
            out.appendBuffer(payload, pos, n);
            pos += n;
        } while (pos < length);
        return out;
    }
}
