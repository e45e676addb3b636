// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;

/**
 * Set Chunk Size (Adobe RTMP specification 1.0, section 5.4.1): the sender's maximum chunk
 * payload from now on. Bit 31 must be zero; valid sizes are 1 to 0xFFFFFF (16 MiB - 1), since
 * no message may be longer than the 24-bit message length field.
 *
 * @param size the new chunk size in bytes
 */
public record SetChunkSize(int size) implements RtmpMessage {

    /** The largest chunk size a message length can use (5.4.1). */
    public static final int MAX = 0xFFFFFF;

    public SetChunkSize {
        if (size < 1 || size > MAX) {
            throw new RtmpProtocolException("invalid chunk size " + Integer.toUnsignedString(size));
        }
    }

    /** Decodes and validates the 4-byte payload. */
    public static SetChunkSize decode(RawMessage raw) {
        Payloads.requireLength(raw, 4, "SetChunkSize");
        long value = raw.payload().getUnsignedInt(0);
        if ((value & 0x8000_0000L) != 0) {
            throw new RtmpProtocolException("chunk size with bit 31 set: 0x" + Long.toHexString(value));
        }
        if (value == 0 || value > MAX) {
            throw new RtmpProtocolException("invalid chunk size " + value + " (must be 1.." + MAX + ")");
        }
        return new SetChunkSize((int) value);
    }

    @Override
    public int typeId() {
        return MessageType.SET_CHUNK_SIZE;
    }

    @Override
    public RawMessage toRaw() {
        return Payloads.control(typeId(), Payloads.u32(size));
    }
}
