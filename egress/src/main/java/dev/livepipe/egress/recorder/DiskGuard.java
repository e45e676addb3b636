// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the free space of the file system that holds the data directory (and so the spool).
 * Below the threshold ({@code minFreeBytes}, or {@code minFreePercent} of the file system, whichever
 * says "low" first) it logs one warning when crossing, and {@link #problem()} says so for
 * {@code /health}; crossing back up logs once more. It never deletes anything: a spool that is not
 * yet verifiably in S3 is the only copy of its recording.
 *
 * <p>Threading: {@link #check()} blocks briefly (a statvfs) and runs on the recorder's timer thread;
 * {@link #problem()} and {@link #describe()} read the last result and are safe on an event loop.
 */
public final class DiskGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);

    private final Path dir;
    private final long minFreeBytes;
    private final double minFreePercent;
    private volatile String problem;
    private volatile long freeBytes = -1;
    private volatile long totalBytes = -1;

    /**
     * @param dir            a directory on the file system to watch (need not exist yet: its nearest
     *                       existing ancestor is measured)
     * @param minFreeBytes   complain below this many free bytes (0: no byte floor)
     * @param minFreePercent complain below this share free (0: none)
     */
    public DiskGuard(Path dir, long minFreeBytes, double minFreePercent) {
        this.dir = dir.toAbsolutePath();
        this.minFreeBytes = minFreeBytes;
        this.minFreePercent = minFreePercent;
    }

    /** Measures now; returns the new {@link #problem()}. Blocking. */
    public String check() {
        String now;
        try {
            FileStore fs = Files.getFileStore(existing(dir));
            long free = fs.getUsableSpace();
            long total = fs.getTotalSpace();
            freeBytes = free;
            totalBytes = total;
            double percent = total > 0 ? 100.0 * free / total : 100;
            if (free < minFreeBytes || percent < minFreePercent) {
                now = String.format(java.util.Locale.ROOT,
                        "low disk space for recordings in %s: %d MiB free (%.1f %%), threshold %d MiB or %.1f %%",
                        dir, free >> 20, percent, minFreeBytes >> 20, minFreePercent);
            } else {
                now = null;
            }
        } catch (IOException e) {
            now = "cannot measure free space in " + dir + ": " + e.getMessage();
        }
        String before = problem;
        problem = now;
        if (now != null && before == null) {
            LOG.warn("{}; spools not yet in S3 are kept", now);
        } else if (now == null && before != null) {
            LOG.info("disk space for recordings in {} is fine again ({} MiB free)", dir, freeBytes >> 20);
        }
        return now;
    }

    /** What is wrong (low space), or null when fine; the result of the last {@link #check()}. */
    public String problem() {
        return problem;
    }

    /** A JSON snapshot: directory, free and total bytes, thresholds, problem. */
    public JsonObject describe() {
        return new JsonObject().put("dir", dir.toString()).put("freeBytes", freeBytes).put("totalBytes", totalBytes)
                .put("minFreeBytes", minFreeBytes).put("minFreePercent", minFreePercent).put("problem", problem);
    }

    private static Path existing(Path p) {
        Path q = p;
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q == null ? p.getRoot() : q;
    }
}
