// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local spool of one recording: an append-only file that is forced to disk after every
 * fragment, so a {@code kill -9} (or power loss, as far as the file system keeps its promise)
 * leaves every fragment that was announced as {@linkplain #committed() committed}.
 *
 * <p>Threading: {@link #append} and {@link #commit} are called by the one muxing thread of the
 * recording; {@link #committed()} may be read from any thread, and bytes below it may be read
 * concurrently with {@link #read} (a separate positional read never sees a torn committed byte).
 * Ownership: {@link #append} copies nothing; the caller's array is written and not kept.
 */
final class SpoolFile implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private long written;
    private volatile long committed;

    private SpoolFile(Path path, FileChannel channel, long size) {
        this.path = path;
        this.channel = channel;
        this.written = size;
        this.committed = size;
    }

    /** Creates (or truncates) the spool file. */
    static SpoolFile create(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new SpoolFile(path, ch, 0);
    }

    /** The file. */
    Path path() {
        return path;
    }

    /** Appends {@code bytes}; returns the offset they start at. Not yet durable. */
    long append(byte[] bytes) throws IOException {
        return append(ByteBuffer.wrap(bytes));
    }

    /** Appends what remains in {@code b} (consumed); returns the offset it starts at. Not yet durable. */
    long append(ByteBuffer b) throws IOException {
        long at = written;
        while (b.hasRemaining()) {
            written += channel.write(b, written);
        }
        return at;
    }

    /** Forces what was appended to the device and makes it committed; returns the committed size. */
    long commit() throws IOException {
        channel.force(false);
        committed = written;
        return written;
    }

    /** Bytes known to be on disk. */
    long committed() {
        return committed;
    }

    /** Reads {@code length} bytes at {@code offset} of a spool file (below its committed size). */
    static byte[] read(Path path, long offset, int length) throws IOException {
        byte[] out = new byte[length];
        ByteBuffer b = ByteBuffer.wrap(out);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (b.hasRemaining()) {
                if (ch.read(b, offset + b.position()) < 0) {
                    throw new IOException(path + " ends before " + (offset + length));
                }
            }
        }
        return out;
    }

    /** Cuts a spool file (not open for writing) to {@code size} bytes and forces it. */
    static void truncate(Path path, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
