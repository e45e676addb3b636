// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

/**
 * The four chunk message header formats, the {@code fmt} field of the basic header (Adobe RTMP
 * specification 1.0, section 5.3.1.2).
 */
public enum ChunkType {
    /** Type 0, 11 bytes: absolute timestamp, length, type id, stream id (5.3.1.2.1). */
    TYPE_0(11),
    /** Type 1, 7 bytes: timestamp delta, length, type id; same stream id (5.3.1.2.2). */
    TYPE_1(7),
    /** Type 2, 3 bytes: timestamp delta only (5.3.1.2.3). */
    TYPE_2(3),
    /** Type 3, no message header: a continuation, or a new message repeating everything (5.3.1.2.4). */
    TYPE_3(0);

    private static final ChunkType[] BY_FMT = values(); // values() clones the array on every call

    private final int messageHeaderLength;

    ChunkType(int messageHeaderLength) {
        this.messageHeaderLength = messageHeaderLength;
    }

    /** Bytes of the message header that follow the basic header (without extended timestamp). */
    public int messageHeaderLength() {
        return messageHeaderLength;
    }

    /** The type for a {@code fmt} value 0..3. */
    public static ChunkType of(int fmt) {
        return BY_FMT[fmt & 3];
    }
}
