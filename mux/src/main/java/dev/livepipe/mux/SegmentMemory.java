// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where muxed segments are kept: a pool of native memory ({@link SegmentBytes}) with counts of
 * what is alive, so that leaks show in figures and tests. One per user (live HLS, the recorder),
 * created by whoever wires the service; never a process-wide singleton.
 *
 * <p>Threading: every method may be called from any thread.
 */
public final class SegmentMemory {

    private final ByteBufAllocator allocator;
    private final AtomicInteger liveSegments = new AtomicInteger();
    private final AtomicLong liveBytes = new AtomicLong();

    private SegmentMemory(ByteBufAllocator allocator) {
        this.allocator = allocator;
    }

    /**
     * A pooled native allocator of its own: segments up to about 3 MiB (buffers up to Netty's
     * 4 MiB chunk size; a collector asks for the previous segment's size plus a quarter) come
     * from chunks that are reused, so cutting one costs no {@code malloc}, no page faults and no
     * garbage. Larger ones are allocated and freed one by one.
     */
    public static SegmentMemory pooled() {
        return new SegmentMemory(new PooledByteBufAllocator(true));
    }

    /** A fresh, empty native buffer for collecting output, able to grow past {@code capacityHint}. */
    ByteBuf buffer(int capacityHint) {
        return allocator.directBuffer(capacityHint);
    }

    /** Keeps a copy of {@code bytes} as segment bytes with one reference (owned by the caller). */
    public SegmentBytes copyOf(byte[] bytes) {
        ByteBuf b = buffer(Math.max(1, bytes.length));
        b.writeBytes(bytes);
        return seal(b);
    }

    /** Wraps a filled buffer (this memory's) as segment bytes with one reference. */
    SegmentBytes seal(ByteBuf filled) {
        liveSegments.incrementAndGet();
        SegmentBytes s = new SegmentBytes(this, filled);
        liveBytes.addAndGet(s.length());
        return s;
    }

    void free(ByteBuf buffer, int length) {
        liveSegments.decrementAndGet();
        liveBytes.addAndGet(-length);
        buffer.release();
    }

    /** Segments not released yet. */
    public int liveSegments() {
        return liveSegments.get();
    }

    /** Bytes of the segments not released yet. */
    public long liveBytes() {
        return liveBytes.get();
    }
}
