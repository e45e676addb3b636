// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Where the recorder keeps recording rows (the database in production, through
 * {@link RepositoryRecordingStore}). The recorder calls it only from its upload threads and
 * retries a call that throws, with backoff; implementations are blocking and thread-safe.
 */
public interface RecordingStore {

    /** Creates the row of a recording that starts now (status "recording"). Idempotent per id. */
    void create(UUID id, String streamId, UUID broadcastId, String objectKey, Instant startedAt);

    /** Records progress: bytes spooled, media duration, codecs, the multipart upload id, the spool file. */
    void updateProgress(UUID id, long bytes, long durationMillis, String codecs, String uploadId, String spoolPath);

    /** Ends the recording with its final size and duration. */
    void finish(UUID id, RecordingOutcome outcome, Instant endedAt, long bytes, long durationMillis);

    /** Every recording still marked "recording" (for {@link RecordingRecovery}). */
    List<UnfinishedRecording> unfinished();
}
