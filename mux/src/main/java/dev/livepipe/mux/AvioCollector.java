// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avformat.avio_flush;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Write_packet_Pointer_BytePointer_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A write-only FFmpeg {@link AVIOContext} whose bytes land in a Java buffer, the way JavaCV's
 * {@code FFmpegFrameRecorder} wires an {@code OutputStream}: one process-wide native callback
 * (JavaCPP callbacks are costly to create and never freed) finds the collector by the
 * {@code opaque} pointer FFmpeg hands back.
 *
 * <p>Threading: not thread-safe; the FFmpeg calls that write into it and {@link #take()} run on
 * the owning muxer's thread. Ownership: the native context and its buffer belong to this object
 * and are freed by {@link #close()}; {@link #take()} hands the collected bytes to the caller.
 */
public final class AvioCollector implements AutoCloseable {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final Map<Long, AvioCollector> BY_OPAQUE = new ConcurrentHashMap<>();
    private static final WriteCallback CALLBACK = new WriteCallback().retainReference();

    private byte[] bytes = new byte[BUFFER_SIZE]; // collected output, grown as needed, reused
    private int count;
    private final long key;
    private AVIOContext context;
    private boolean failed;

    /** @param opaque a native pointer unique while this collector lives (the format context) */
    AvioCollector(Pointer opaque) {
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

    /** Pushes FFmpeg's buffered bytes out and returns (and forgets) everything collected. */
    byte[] take() {
        avio_flush(context);
        if (failed) {
            throw new IllegalStateException("collecting muxer output failed");
        }
        byte[] out = Arrays.copyOf(bytes, count);
        count = 0;
        return out;
    }

    /** How many collectors are open in this process (for leak checks). */
    public static int openCount() {
        return BY_OPAQUE.size();
    }

    @Override
    public void close() {
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
        if (size > bytes.length - count) {
            int need = count + size;
            if (need < 0) {
                throw new OutOfMemoryError("muxer output over 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
        }
        data.get(bytes, count, size); // straight from FFmpeg's buffer into ours
        count += size;
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
