// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A write-only FFmpeg {@link AVIOContext} whose bytes land in a native buffer from a
 * {@link SegmentMemory}, the way JavaCV's {@code FFmpegFrameRecorder} wires an
 * {@code OutputStream}: one process-wide native callback (JavaCPP callbacks are costly to create
 * and never freed) finds the collector by the {@code opaque} pointer FFmpeg hands back. The bytes
 * go from FFmpeg's buffer to ours native to native; a media segment is handed over without a copy.
 *
 * <p>Threading: not thread-safe; the FFmpeg calls that write into it and the {@code take}
 * methods run on the owning muxer's thread. Ownership: the native context, its buffer and the
 * buffer being filled belong to this object and are freed by {@link #close()};
 * {@link #takeSegment()} hands the collected bytes (one reference) to the caller.
 */
public final class AvioCollector implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;
    /** Room for the first segment; later ones start at the previous one's size plus a quarter. */
    private static final int FIRST_CAPACITY = 256 * 1024;
    private static final Map<Long, AvioCollector> BY_OPAQUE = new ConcurrentHashMap<>();
    private static final WriteCallback CALLBACK = new WriteCallback().retainReference();

    private final SegmentMemory memory;
    private ByteBuf collecting; // output since the last take, or null before the first byte
    private int nextCapacity = FIRST_CAPACITY;
    private final long key;
    private AVIOContext context;
    private boolean failed;

    /**
     * @param opaque a native pointer unique while this collector lives (the format context)
     * @param memory where collected bytes are kept
     */
    AvioCollector(Pointer opaque, SegmentMemory memory) {
        this.memory = memory;
        this.key = opaque.address();
        BytePointer buffer = new BytePointer(av_malloc(BUFFER_SIZE));
        if (buffer.isNull()) {
            throw new OutOfMemoryError("av_malloc(" + BUFFER_SIZE + ")");
        }
        BY_OPAQUE.put(key, this);
        context = avio_alloc_context(buffer, BUFFER_SIZE, 1, opaque, null, CALLBACK, null);
        if (context == null || context.isNull()) {
            BY_OPAQUE.remove(key);
            av_free(buffer);
            throw new OutOfMemoryError("avio_alloc_context");
        }
    }

    /** The native context to set as the format context's {@code pb}. */
    AVIOContext context() {
        return context;
    }

    /** Pushes FFmpeg's buffered bytes out and returns (and forgets) everything collected, as a heap copy. */
    byte[] takeArray() {
        flush();
        if (collecting == null) {
            return new byte[0];
        }
        byte[] out = new byte[collecting.readableBytes()];
        collecting.readBytes(out);
        collecting.clear(); // kept for what comes next
        return out;
    }

    /**
     * Pushes FFmpeg's buffered bytes out and hands everything collected over without a copy
     * (the caller owns the one reference); empty if nothing was written.
     */
    SegmentBytes takeSegment() {
        flush();
        if (collecting == null || !collecting.isReadable()) {
            return SegmentBytes.empty();
        }
        ByteBuf filled = collecting;
        collecting = null;
        int size = filled.readableBytes();
        nextCapacity = Math.max(BUFFER_SIZE, size + size / 4);
        return memory.seal(filled);
    }

    private void flush() {
        avio_flush(context);
        if (failed) {
            throw new IllegalStateException("collecting muxer output failed");
        }
    }

    /** How many collectors are open in this process (for leak checks). */
    public static int openCount() {
        return BY_OPAQUE.size();
    }

    @Override
    public void close() {
        if (collecting != null) {
            collecting.release();
            collecting = null;
        }
        if (context == null) {
            return;
        }
        BY_OPAQUE.remove(key);
        // FFmpeg may have replaced the buffer it was given; free the one it holds now.
        BytePointer buffer = context.buffer();
        if (buffer != null && !buffer.isNull()) {
            av_free(buffer);
            context.buffer(null);
        }
        avio_context_free(context);
        context = null;
    }

    private void append(BytePointer data, int size) {
        if (size <= 0) {
            return; // (JavaCPP reads a limit of 0 as "up to position + 1")
        }
        if (collecting == null) {
            collecting = memory.buffer(Math.max(nextCapacity, size));
        }
        // straight from FFmpeg's buffer into ours, native to native (the buffer grows if needed)
        collecting.writeBytes(data.position(0).limit(size).asByteBuffer());
    }

    /** The one native write callback of the process. */
    private static final class WriteCallback extends Write_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buf, int size) {
            AvioCollector c = BY_OPAQUE.get(opaque.address());
            if (c == null) {
                return -1;
            }
            try {
                c.append(buf, size);
                return size;
            } catch (RuntimeException | OutOfMemoryError e) {
                c.failed = true;
                return -1;
            }
        }
    }
}
