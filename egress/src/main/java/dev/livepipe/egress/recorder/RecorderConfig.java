// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Recorder}. Immutable.
 *
 * @param dataDir            the service's data directory; spool files live in {@code <dataDir>/spool}
 *                           and the {@link DiskGuard} watches its file system
 * @param fragmentDuration   target fragment length: a fragment is cut at the first video keyframe at
 *                           or after it, so a crash loses at most about this much (more if the
 *                           publisher's keyframe interval is longer)
 * @param partSize           bytes per multipart part; every part but the last has exactly this
 *                           size; S3 wants at least 5 MiB
 * @param maxFragmentBytes   a fragment is cut at this size even without a keyframe
 * @param backoffMin         first retry delay after a failed S3 or database call
 * @param backoffMax         the delay doubles up to this, and retries go on while the service runs
 * @param diskMinFreeBytes   the disk guard complains below this much free space (0: no byte floor)
 * @param diskMinFreePercent the disk guard complains below this share of the file system free (0: none)
 * @param diskCheckInterval  how often the disk guard looks
 */
public record RecorderConfig(Path dataDir, Duration fragmentDuration, int partSize, long maxFragmentBytes,
                             Duration backoffMin, Duration backoffMax, long diskMinFreeBytes,
                             double diskMinFreePercent, Duration diskCheckInterval) {

    /** S3's smallest part size except for the last part. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public RecorderConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        if (fragmentDuration.isNegative() || fragmentDuration.isZero()) {
            throw new IllegalArgumentException("fragmentDuration must be positive");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least " + MIN_PART_SIZE + " (S3's minimum)");
        }
        if (maxFragmentBytes <= 0) {
            throw new IllegalArgumentException("maxFragmentBytes must be positive");
        }
        if (backoffMin.isNegative() || backoffMin.isZero() || backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("need 0 < backoffMin <= backoffMax");
        }
        if (diskMinFreeBytes < 0 || diskMinFreePercent < 0 || diskMinFreePercent >= 100) {
            throw new IllegalArgumentException("disk thresholds out of range");
        }
        if (diskCheckInterval.isNegative() || diskCheckInterval.isZero()) {
            throw new IllegalArgumentException("diskCheckInterval must be positive");
        }
    }

    /**
     * The defaults: 2 s fragments, 5 MiB parts, 64 MiB fragment cap, backoff 1 s doubling to 30 s,
     * disk warning below 1 GiB or 5 % free, checked every 10 s.
     */
    public static RecorderConfig defaults(Path dataDir) {
        return new RecorderConfig(dataDir, Duration.ofSeconds(2), MIN_PART_SIZE, 64L << 20,
                Duration.ofSeconds(1), Duration.ofSeconds(30), 1L << 30, 5, Duration.ofSeconds(10));
    }

    /** The same settings with other retry bounds. */
    public RecorderConfig withBackoff(Duration min, Duration max) {
        return new RecorderConfig(dataDir, fragmentDuration, partSize, maxFragmentBytes, min, max, diskMinFreeBytes,
                diskMinFreePercent, diskCheckInterval);
    }

    /** The same settings with other disk thresholds. */
    public RecorderConfig withDiskThreshold(long minFreeBytes, double minFreePercent) {
        return new RecorderConfig(dataDir, fragmentDuration, partSize, maxFragmentBytes, backoffMin, backoffMax,
                minFreeBytes, minFreePercent, diskCheckInterval);
    }

    /** Where spool files live: {@code <dataDir>/spool}. */
    public Path spoolDir() {
        return dataDir.resolve("spool");
    }
}
