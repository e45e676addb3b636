// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import dev.livepipe.storage.recordings.RecordingInfo;
import java.time.Instant;
import java.util.List;

/**
 * What the retention sweeper will have deleted by {@code until} if nothing changes. Immutable.
 *
 * @param until      the instant asked about
 * @param count      how many recordings will be deleted
 * @param bytes      their total size
 * @param recordings the first of them by expiry (at most the requested limit)
 */
public record PreviewResult(Instant until, long count, long bytes, List<RecordingInfo> recordings) {

    public PreviewResult {
        recordings = List.copyOf(recordings);
    }
}
