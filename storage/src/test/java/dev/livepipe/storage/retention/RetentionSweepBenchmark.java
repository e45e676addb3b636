// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import dev.livepipe.storage.Storage;
import dev.livepipe.storage.StorageConfig;
import dev.livepipe.storage.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Sweeper throughput: creates N (default 10,000) expired recordings with one small object
 * each, in an embedded PostgreSQL and the embedded S3 API server under a temporary
 * directory, times one full {@link RetentionSweeper#sweep()} through the {@link Storage}
 * facade, and prints the figure. A program, not a test (surefire does not run it):
 *
 * <pre>
 * ./mvnw -q -o -B -pl storage test-compile \
 *     org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
 *     -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
 * java -cp storage/target/test-classes:storage/target/classes:$(cat storage/target/test-classpath.txt) \
 *     dev.livepipe.storage.retention.RetentionSweepBenchmark [recordings [objectBytes]]
 * </pre>
 *
 * Arguments: number of recordings, object size in bytes (default 1024).
 */
public final class RetentionSweepBenchmark {

    private RetentionSweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        Path dataDir = Files.createTempDirectory("livepipe-sweep-bench");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        Storage storage = new Storage(StorageConfig.embedded(dataDir));
        try {
            storage.start();
            String streamId = storage.streams().create("benchmark").stream().id();
            long seeding = System.nanoTime();
            List<UUID> ids = RecordingSeeder.expired(storage.database().dsl(), storage.objects(), streamId,
                    "bench/", count, now.minusSeconds(1), size);
            double seedSeconds = (System.nanoTime() - seeding) / 1e9;

            RetentionSweeper sweeper = storage.newSweeper(Clock.fixed(now, ZoneOffset.UTC));
            SweepResult result = sweeper.sweep();

            if (result.deleted() != ids.size() || !storage.objects().list("bench/").isEmpty()) {
                throw new IllegalStateException("sweep incomplete: " + result);
            }
            Duration took = result.elapsed();
            System.out.printf("seeded %d recordings with %d-byte objects in %.1f s%n", count, size, seedSeconds);
            System.out.printf("sweeper: deleted %d recordings and their objects in %.2f s (%d batches of <= %d), "
                    + "%.0f recordings/s%n", result.deleted(), took.toNanos() / 1e9, result.batches(),
                    sweeper.config().batchSize(), result.deleted() / (took.toNanos() / 1e9));
        } finally {
            storage.stop();
            TestFiles.deleteRecursively(dataDir);
        }
    }
}
