// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes of one muxed media segment, kept in native (direct) memory outside the Java heap
 * and freed by reference counting.
 *
 * <p>Why native: a live segment lives for two playlist windows (about 24 s), long enough to be
 * promoted and to make the garbage collector copy and mark hundreds of kilobytes per stream and
 * per segment; in native memory the heap stays small and young.
 *
 * <p>Ownership: created with one reference, which belongs to whoever received it (the
 * {@link CutSegment}'s receiver). Each further holder takes one with {@link #tryRetain()} and
 * gives it back with {@link #release()}; the memory returns to its {@link SegmentMemory} when the
 * last reference is released. After that {@link #tryRetain()} fails, so a reader that found the
 * segment in a stale snapshot cannot resurrect it (this object is never recycled, only its
 * buffer is). The bytes never change after creation.
 *
 * <p>Threading: {@link #tryRetain()} and {@link #release()} may be called from any thread; the
 * content may be read from any thread while the caller holds a reference.
 */
public final class SegmentBytes {

    private static final SegmentBytes EMPTY = new SegmentBytes(null, Unpooled.EMPTY_BUFFER);

    private final SegmentMemory memory;
    private final ByteBuf buffer;
    private final int length;
    private final AtomicInteger refs = new AtomicInteger(1);

    SegmentBytes(SegmentMemory memory, ByteBuf buffer) {
        this.memory = memory;
        this.buffer = buffer;
        this.length = buffer.readableBytes();
    }

    /** A segment with no bytes (a flush that produced nothing); releasing it does nothing. */
    public static SegmentBytes empty() {
        return EMPTY;
    }

    /** How many bytes; valid even after the last release. */
    public int length() {
        return length;
    }

    /**
     * Takes one more reference if the bytes are still alive.
     *
     * @return false if the last reference was already released (the bytes are gone)
     */
    public boolean tryRetain() {
        if (this == EMPTY) {
            return true;
        }
        while (true) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives one reference back; the last one frees the memory. */
    public void release() {
        if (this == EMPTY) {
            return;
        }
        int left = refs.decrementAndGet();
        if (left == 0) {
            memory.free(buffer, length);
        } else if (left < 0) {
            throw new IllegalStateException("segment bytes released more often than retained");
        }
    }

    /** Whether the bytes are still alive (for checks and tests). */
    public boolean alive() {
        return this == EMPTY || refs.get() > 0;
    }

    /**
     * A read-only view of the bytes (its own position and limit) for writing them somewhere.
     * The caller must hold a reference until it no longer reads the view.
     */
    public ByteBuffer view() {
        return buffer.nioBuffer(buffer.readerIndex(), length).asReadOnlyBuffer();
    }

    /**
     * The bytes as a Netty buffer sharing this memory, which its user must not release (it is
     * unreleasable). The caller must hold a reference until every reader is done with it (for a
     * network write: until the write completed or failed).
     */
    public ByteBuf unreleasableSlice() {
        return Unpooled.unreleasableBuffer(buffer.slice(buffer.readerIndex(), length));
    }

    /** A heap copy of the bytes; the caller must hold a reference. */
    public byte[] toArray() {
        byte[] out = new byte[length];
        buffer.getBytes(buffer.readerIndex(), out);
        return out;
    }
}
