// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import dev.livepipe.storage.Storage;
import dev.livepipe.storage.StorageConfig;
import dev.livepipe.storage.retention.RetentionSweeper;
import dev.livepipe.storage.retention.SweepResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The sweeper phase: the README's default storage (embedded PostgreSQL and the embedded S3 API
 * server, through the {@link Storage} facade) in this JVM under a fresh directory on disk, K
 * expired recordings with both of their objects ({@link ExpiredRecordingSeeder}), then one full
 * {@link RetentionSweeper#sweep()} timed; afterwards every row must be deleted and the stream's
 * prefix empty. Storage is stopped and the directory removed whatever happens. Runs while no
 * Livepipe server is running.
 */
final class SweepThroughput {

    private SweepThroughput() {
    }

    /**
     * The figure.
     *
     * @param recordings     recordings swept
     * @param objectsBefore  objects under the stream's prefix before the sweep
     * @param objectsAfter   after it
     * @param seedSeconds    time to create rows and objects
     * @param sweepSeconds   the sweep's own elapsed time ({@link SweepResult#elapsed()})
     * @param wallSeconds    wall time around the {@code sweep()} call
     * @param batches        batches the sweep took
     * @param batchSize      recordings per batch at most
     * @param refused        objects the store refused to delete
     * @param otherCores     CPU of every process but this JVM and its children during the sweep, in cores
     * @param mediaBytes     size of each MP4 object
     */
    record Result(int recordings, int objectsBefore, int objectsAfter, double seedSeconds, double sweepSeconds,
                  double wallSeconds, int batches, int batchSize, int refused, double otherCores, int mediaBytes) {
    }

    static Result run(int count, int mediaBytes, Path parent) throws Exception {
        Path dataDir = Files.createTempDirectory(parent, "sweep-data-");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Storage storage = new Storage(StorageConfig.embedded(dataDir));
        try {
            PhaseRunner.log("Sweeper: %d expired recordings (MP4 of %d bytes + .json index each) in %s", count,
                    mediaBytes, dataDir);
            storage.start();
            String streamId = storage.streams().create("bench-sweep").stream().id();
            long seeding = System.nanoTime();
            List<UUID> ids = ExpiredRecordingSeeder.seed(storage.database().dsl(), storage.objects(), streamId, count,
                    now.minusSeconds(1), mediaBytes);
            double seedSeconds = (System.nanoTime() - seeding) / 1e9;
            String prefix = "recordings/" + streamId + "/";
            int before = storage.objects().list(prefix).size();

            RetentionSweeper sweeper = storage.newSweeper(Clock.fixed(now, ZoneOffset.UTC));
            MachineCpu m0 = MachineCpu.now();
            ProcSample self0 = ProcSample.of(ProcessHandle.current());
            long t0 = System.nanoTime();
            SweepResult result = sweeper.sweep();
            double wall = (System.nanoTime() - t0) / 1e9;
            ProcSample self1 = ProcSample.of(ProcessHandle.current());
            double others = Math.max(0, MachineCpu.now().secondsSince(m0) - self1.treeCpuSecondsSince(self0)) / wall;

            int after = storage.objects().list(prefix).size();
            if (result.deleted() != ids.size() || after != 0) {
                throw new IllegalStateException("sweep incomplete: " + result + ", " + after + " objects left");
            }
            Result r = new Result(count, before, after, seedSeconds, result.elapsed().toNanos() / 1e9, wall,
                    result.batches(), sweeper.config().batchSize(), result.refused(), others, mediaBytes);
            PhaseRunner.log("  seeded in %.1f s; swept %d recordings, %d objects in %.2f s (%d batches), %.0f recordings/s",
                    seedSeconds, result.deleted(), before, r.sweepSeconds(), r.batches(), count / r.sweepSeconds());
            return r;
        } finally {
            storage.stop();
            Dirs.deleteQuietly(dataDir);
        }
    }
}
