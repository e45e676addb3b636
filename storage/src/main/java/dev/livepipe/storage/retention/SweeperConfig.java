// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import dev.livepipe.storage.s3.ObjectStore;
import java.time.Duration;
import java.util.Objects;

/**
 * How the retention sweeper works. Immutable.
 *
 * @param interval  how often the server runs {@link RetentionSweeper#sweep()}
 *                  ({@code LIVEPIPE_RETENTION_SWEEP_SECONDS}); the sweeper itself does not
 *                  schedule
 * @param batchSize recordings claimed per transaction, 1..{@value ObjectStore#MAX_BATCH_DELETE}
 *                  (one S3 DeleteObjects request each)
 */
public record SweeperConfig(Duration interval, int batchSize) {

    /** Default recordings per transaction. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /** Default interval between sweeps. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    public SweeperConfig {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        if (batchSize < 1 || batchSize > ObjectStore.MAX_BATCH_DELETE) {
            throw new IllegalArgumentException("batchSize must be 1.." + ObjectStore.MAX_BATCH_DELETE);
        }
    }

    /** The given interval and the default batch size. */
    public static SweeperConfig every(Duration interval) {
        return new SweeperConfig(interval, DEFAULT_BATCH_SIZE);
    }
}
