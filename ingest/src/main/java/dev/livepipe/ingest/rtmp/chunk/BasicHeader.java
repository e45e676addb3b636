// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import io.vertx.core.buffer.Buffer;

/**
 * The chunk basic header (Adobe RTMP specification 1.0, section 5.3.1.1): {@code fmt} in the top
 * two bits of the first byte, then the chunk stream id in one, two or three bytes. Ids 2..63 use
 * one byte; 64..319 use the marker 0 and one more byte (id - 64); 64..65599 use the marker 1 and
 * two more bytes, little-endian (id - 64).
 */
public final class BasicHeader {

    /** The smallest chunk stream id; 0 and 1 mark the longer forms, 2 is for control messages. */
    public static final int MIN_CHUNK_STREAM_ID = 2;
    /** The largest chunk stream id the three-byte form can express. */
    public static final int MAX_CHUNK_STREAM_ID = 65599;

    private BasicHeader() {
    }

    /** Length of the basic header that starts with {@code firstByte}: 1, 2 or 3. */
    public static int length(int firstByte) {
        return switch (firstByte & 0x3F) {
            case 0 -> 2;
            case 1 -> 3;
            default -> 1;
        };
    }

    /** The chunk stream id from a complete basic header in {@code header[0..length)}. */
    public static int chunkStreamId(byte[] header) {
        int low = header[0] & 0x3F;
        return switch (low) {
            case 0 -> (header[1] & 0xFF) + 64;
            case 1 -> (header[1] & 0xFF) + ((header[2] & 0xFF) << 8) + 64;
            default -> low;
        };
    }

    /** Appends a basic header for {@code fmt} and {@code chunkStreamId} to {@code out}. */
    public static void write(Buffer out, int fmt, int chunkStreamId) {
        if (chunkStreamId < MIN_CHUNK_STREAM_ID || chunkStreamId > MAX_CHUNK_STREAM_ID) {
            throw new IllegalArgumentException("chunk stream id out of range: " + chunkStreamId);
        }
        int f = (fmt & 3) << 6;
        if (chunkStreamId < 64) {
            out.appendByte((byte) (f | chunkStreamId));
        } else if (chunkStreamId < 320) {
            out.appendByte((byte) f).appendByte((byte) (chunkStreamId - 64));
        } else {
            int v = chunkStreamId - 64;
            out.appendByte((byte) (f | 1)).appendByte((byte) v).appendByte((byte) (v >> 8));
        }
    }
}
