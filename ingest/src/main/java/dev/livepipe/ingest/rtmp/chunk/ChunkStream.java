// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.Arrays;

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
    /**
     * The message in reassembly (its first {@code received} bytes), or null between messages.
     * It starts at most 64 KiB long and doubles as bytes arrive, up to the message length.
     */
    byte[] partial;
    int received;

    ChunkStream(int id) {
        this.id = id;
    }

    boolean inMessage() {
        return partial != null;
    }

    void startMessage() {
        partial = new byte[Math.min(messageLength, 64 * 1024)];
        received = 0;
    }

    /** Copies {@code n} bytes of {@code data} at {@code pos} onto the message. */
    void append(Buffer data, int pos, int n) {
        if (received + n > partial.length) {
            partial = Arrays.copyOf(partial, (int) Math.min(messageLength, Math.max(received + n, 2L * partial.length)));
        }
        data.getBytes(pos, pos + n, partial, received);
        received += n;
    }

    /** The complete message as a buffer over its array (no copy). */
    Buffer message() {
        byte[] bytes = partial;
        return BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, 0, received));
    }

    void drop() {
        partial = null;
        received = 0;
    }
}
