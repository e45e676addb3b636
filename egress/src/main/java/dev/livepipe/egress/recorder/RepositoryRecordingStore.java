// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The recorder's rows in PostgreSQL through storage's {@link RecordingRepository}.
 *
 * <p>{@link #create} is idempotent: if the insert fails but the row exists (an earlier attempt whose
 * reply was lost), it counts as done. An insert that fails because the broadcast row is not written
 * yet (the broadcast journal and the recorder race) throws, and the recorder retries it.
 *
 * <p>Blocking (JDBC); thread-safe; the recorder calls it on its upload threads.
 */
public final class RepositoryRecordingStore implements RecordingStore {

    private final RecordingRepository repository;

    public RepositoryRecordingStore(RecordingRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public void create(UUID id, String streamId, UUID broadcastId, String objectKey, Instant startedAt) {
        try {
            repository.create(id, streamId, broadcastId, objectKey, startedAt);
        } catch (RuntimeException e) {
            if (repository.get(id).isEmpty()) {
                throw e;
            }
        }
    }

    @Override
    public void updateProgress(UUID id, long bytes, long durationMillis, String codecs, String uploadId,
                               String spoolPath) {
        repository.updateProgress(id, bytes, durationMillis, codecs, uploadId, spoolPath);
    }

    @Override
    public void finish(UUID id, RecordingOutcome outcome, Instant endedAt, long bytes, long durationMillis) {
        RecordingStatus status = switch (outcome) {
            case COMPLETE -> RecordingStatus.COMPLETE;
            case INTERRUPTED -> RecordingStatus.INTERRUPTED;
            case FAILED -> RecordingStatus.FAILED;
        };
        repository.finish(id, status, endedAt, bytes, durationMillis);
    }

    @Override
    public List<UnfinishedRecording> unfinished() {
        return repository.unfinished().stream().map(RepositoryRecordingStore::toUnfinished).toList();
    }

    private static UnfinishedRecording toUnfinished(RecordingInfo r) {
        return new UnfinishedRecording(r.id(), r.streamId(), r.objectKey(), r.startedAt(), r.uploadId(), r.spoolPath());
    }
}
