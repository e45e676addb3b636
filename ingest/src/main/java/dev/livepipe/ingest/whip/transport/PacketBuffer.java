// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A mutable window {@code [offset, offset + length)} over a byte array, the packet type jitsi-srtp
 * transforms in place. SRTP protection appends a tag (and SRTCP an index), so give it tail room;
 * {@link #grow} reallocates when there is none. Not thread-safe: one packet, one thread.
 */
public final class PacketBuffer implements ByteArrayBuffer {
    private byte[] buffer;
    private int offset;
    private int length;

    /** Wraps {@code buffer} without copying; the caller must not touch it while this is in use. */
    public PacketBuffer(byte[] buffer, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buffer.length) {
            throw new IllegalArgumentException("offset/length outside the buffer");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** A copy of {@code [off, off + len)} of {@code src} with {@code tailRoom} spare bytes. */
    public static PacketBuffer copyOf(byte[] src, int off, int len, int tailRoom) {
        byte[] b = new byte[len + tailRoom];
        System.arraycopy(src, off, b, 0, len);
        return new PacketBuffer(b, 0, len);
    }

    /** The packet bytes as a new array. */
    public byte[] toByteArray() {
        byte[] out = new byte[length];
        System.arraycopy(buffer, offset, out, 0, length);
        return out;
    }

    @Override public byte[] getBuffer() { return buffer; }
    @Override public int getOffset() { return offset; }
    @Override public int getLength() { return length; }
    @Override public boolean isInvalid() { return false; }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > buffer.length) {
            throw new IllegalArgumentException("length");
        }
        length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > buffer.length) {
            throw new IllegalArgumentException("offset");
        }
        offset = off;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        int start = offset + off;
        if (off < 0 || len <= 0 || start + len > buffer.length || out.length < len) {
            return;
        }
        System.arraycopy(buffer, start, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (howMuch < 0) {
            throw new IllegalArgumentException("howMuch");
        }
        if (length + howMuch > buffer.length - offset) {
            byte[] b = new byte[length + howMuch];
            System.arraycopy(buffer, offset, b, 0, length);
            buffer = b;
            offset = 0;
        }
    }

    @Override
    public void append(byte[] data, int len) {
        if (data == null || len == 0) {
            return;
        }
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
