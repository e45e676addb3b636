// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a PostgreSQL server that a previous, killed process left running on our data
 * directory.
 *
 * <p>{@code pg_ctl start} daemonizes the postmaster, so when the JVM that started it dies
 * by {@code kill -9} the server keeps running and keeps its {@code postmaster.pid}; a new
 * start on the same directory would then fail. Only call this while holding the data
 * directory's {@link DirectoryLock}: that proves the owner is gone. A {@code postmaster.pid}
 * whose process is dead needs nothing: PostgreSQL itself replaces a stale pid file.
 *
 * <p>Stopping sends SIGTERM (PostgreSQL's smart shutdown; the dead JVM's sessions are
 * already gone), waits, and falls back to SIGKILL of the postmaster and its children, after
 * which PostgreSQL runs crash recovery on the next start. Blocks the caller.
 */
public final class OrphanedPostmaster {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);

    private OrphanedPostmaster() {
    }

    /**
     * Stops the postmaster named by {@code <pgData>/postmaster.pid} if it is alive and serves
     * {@code pgData}.
     *
     * @return whether an orphaned server was found and stopped
     */
    static boolean stopIfRunning(Path pgData, Duration timeout) {
        Optional<ProcessHandle> postmaster = find(pgData);
        if (postmaster.isEmpty()) {
            return false;
        }
        ProcessHandle handle = postmaster.get();
        LOG.warn("PostgreSQL pid {} left running on {} by a previous process; stopping it", handle.pid(), pgData);
        List<ProcessHandle> children = handle.children().toList();
        handle.destroy();
        if (!awaitExit(handle, timeout)) {
            LOG.warn("PostgreSQL pid {} did not stop within {}; killing it", handle.pid(), timeout);
            children.forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            if (!awaitExit(handle, timeout)) {
                throw new IllegalStateException("cannot stop PostgreSQL pid " + handle.pid() + " on " + pgData);
            }
        }
        for (ProcessHandle child : children) {
            awaitExit(child, timeout);
        }
        return true;
    }

    /**
     * The live postmaster serving {@code pgData}, if its pid file names one: alive, a
     * {@code postgres} command, and the pid file's data directory is {@code pgData} (so a reused
     * pid is not taken for it). Public for the benchmarks, which add it to the server's CPU.
     */
    public static Optional<ProcessHandle> find(Path pgData) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgData.resolve("postmaster.pid"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read postmaster.pid in " + pgData, e);
        }
        if (lines.size() < 2) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!samePath(Path.of(lines.get(1).strip()), pgData)) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(OrphanedPostmaster::isPostgres);
    }

    private static boolean isPostgres(ProcessHandle handle) {
        // The pid may have been reused by an unrelated process after a reboot.
        return handle.info().command().map(command -> command.endsWith("postgres")).orElse(false);
    }

    private static boolean samePath(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + handle.pid(), e);
        }
    }
}
