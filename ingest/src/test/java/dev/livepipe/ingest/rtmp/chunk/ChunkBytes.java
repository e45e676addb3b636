// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import io.vertx.core.buffer.Buffer;

/** Writes chunk headers byte by byte, exactly as section 5.3.1 of the RTMP spec lays them out. */
final class ChunkBytes {

    private final Buffer out = Buffer.buffer();

    ChunkBytes basic(int fmt, int csid) {
        if (csid < 64) {
            out.appendByte((byte) (fmt << 6 | csid));
        } else if (csid < 320) {
            out.appendByte((byte) (fmt << 6)).appendByte((byte) (csid - 64));
        } else {
            int v = csid - 64;
            out.appendByte((byte) (fmt << 6 | 1)).appendByte((byte) (v & 0xFF)).appendByte((byte) (v >> 8));
        }
        return this;
    }

    ChunkBytes fmt0(int csid, long timestamp, int length, int type, int streamId) {
        basic(0, csid);
        out.appendMedium((int) Math.min(timestamp, 0xFFFFFF)).appendMedium(length)
                .appendByte((byte) type).appendIntLE(streamId);
        if (timestamp >= 0xFFFFFF) {
            out.appendUnsignedInt(timestamp);
        }
        return this;
    }

    ChunkBytes fmt1(int csid, long delta, int length, int type) {
        basic(1, csid);
        out.appendMedium((int) Math.min(delta, 0xFFFFFF)).appendMedium(length).appendByte((byte) type);
        if (delta >= 0xFFFFFF) {
            out.appendUnsignedInt(delta);
        }
        return this;
    }

    ChunkBytes fmt2(int csid, long delta) {
        basic(2, csid);
        out.appendMedium((int) Math.min(delta, 0xFFFFFF));
        if (delta >= 0xFFFFFF) {
            out.appendUnsignedInt(delta);
        }
        return this;
    }

    ChunkBytes fmt3(int csid) {
        return basic(3, csid);
    }

    ChunkBytes u32(long v) {
        out.appendUnsignedInt(v);
        return this;
    }

    ChunkBytes payload(byte[] bytes, int from, int to) {
        out.appendBytes(bytes, from, to - from);
        return this;
    }

    ChunkBytes payload(byte[] bytes) {
        out.appendBytes(bytes);
        return this;
    }

    ChunkBytes payload(int... bytes) {
        for (int b : bytes) {
            out.appendByte((byte) b);
        }
        return this;
    }

    Buffer buffer() {
        return out;
    }
}
