// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * What one {@link RetentionSweeper#sweep()} did. Immutable.
 *
 * @param now        the instant recordings were compared against
 * @param deleted    recordings whose objects were deleted and rows marked deleted
 * @param bytes      their total size
 * @param batches    transactions that claimed at least one recording
 * @param refused    recordings left for a later sweep because the store refused their object
 * @param elapsed    wall time of the sweep
 */
public record SweepResult(Instant now, int deleted, long bytes, int batches, int refused, Duration elapsed) {
}
