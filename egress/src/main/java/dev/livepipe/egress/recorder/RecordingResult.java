// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.util.UUID;

/**
 * A recording that is finished: verified in S3 (or failed for lack of media). Immutable.
 *
 * @param id             the recording id
 * @param outcome        complete, interrupted or failed
 * @param bytes          size of the MP4 in S3 (0 if failed)
 * @param durationMillis media duration
 * @param objectKey      the MP4's key
 * @param indexKey       the {@link FragmentIndex} JSON's key (null if failed)
 * @param parts          multipart parts uploaded
 */
public record RecordingResult(UUID id, RecordingOutcome outcome, long bytes, long durationMillis, String objectKey,
                              String indexKey, int parts) {
}
