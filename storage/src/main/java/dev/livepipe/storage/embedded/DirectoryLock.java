// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock that says "a live process uses this data directory".
 *
 * <p>The operating system releases the lock when the holding process dies, even by
 * {@code kill -9}, so a lock that can be taken proves that whatever the directory's
 * previous owner left running is orphaned. Not reentrant: a second {@link #acquire} in the
 * same JVM fails like one from another process. Blocking file I/O; not thread-safe.
 */
final class DirectoryLock implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file}, creating it if needed.
     *
     * @throws IllegalStateException when another process (or this JVM) holds it
     */
    static DirectoryLock acquire(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException(file + " is locked: another Livepipe process uses this data directory");
            }
            return new DirectoryLock(file, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + file, e);
        }
    }
}
