// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link RecordingRecovery} found at start. Immutable (the future completes later).
 *
 * @param uploading recordings whose surviving spool is being uploaded (retried until S3 takes it)
 * @param failed    recordings marked failed at once: no spool, or not one complete fragment in it
 * @param finished  completes when every upload in {@code uploading} is verified and its row finished
 */
public record RecoveryReport(List<UUID> uploading, List<UUID> failed,
                             CompletableFuture<List<RecordingResult>> finished) {

    public RecoveryReport {
        uploading = List.copyOf(uploading);
        failed = List.copyOf(failed);
    }
}
