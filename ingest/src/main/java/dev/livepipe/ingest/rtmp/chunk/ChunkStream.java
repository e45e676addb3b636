// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import io.vertx.core.buffer.Buffer;

/**
 * What the decoder remembers about one chunk stream between chunks (Adobe RTMP specification 1.0,
 * section 5.3.1.2): the last message header, for the compressed header types, and the message
 * being reassembled.
 *
 * <p>Threading: owned by one {@link ChunkDecoder}.
 */
final class ChunkStream {

    final int id;
    /** Timestamp of the current (or last) message, 32-bit. */
    long timestamp;
    /**
     * The last timestamp field, after extension: the delta of a type 1/2 header, or the absolute
     * timestamp of a type 0 header. A type 3 chunk that starts a new message adds it again, as
     * FFmpeg's reader and writer do.
     */
    long timestampField;
    /** Whether the last type 0/1/2 header used the extended timestamp (5.3.1.3). */
    boolean extended;
    int messageLength;
    int typeId;
    int messageStreamId;
    /** The message in reassembly, or null between messages. */
    Buffer partial;
    int received;

    ChunkStream(int id) {
        this.id = id;
    }

    boolean inMessage() {
        return partial != null;
    }

    void startMessage() {
        partial = Buffer.buffer(Math.min(messageLength, 64 * 1024));
        received = 0;
    }

    void drop() {
        partial = null;
        received = 0;
    }
}
