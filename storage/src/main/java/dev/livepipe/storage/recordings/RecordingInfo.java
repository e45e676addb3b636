// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored recording. Immutable.
 *
 * @param id                 recording id (chosen by the recorder)
 * @param streamId           the stream, or {@code null} once the stream was deleted
 * @param broadcastId        the broadcast, or {@code null} when unknown or deleted
 * @param objectKey          S3 key of the recorded media
 * @param status             life-cycle state
 * @param bytes              bytes stored so far (final size once ended)
 * @param durationMillis     media duration so far in milliseconds
 * @param codecs             RFC 6381 codec string (e.g. {@code avc1.64001f,mp4a.40.2}) or {@code null}
 * @param startedAt          when recording began
 * @param endedAt            when it ended, {@code null} while recording
 * @param expiresAt          when retention deletes it, {@code null} while recording
 * @param expiresAtOverridden whether {@code expiresAt} was set by hand (policy changes keep it)
 * @param legalHold          whether the sweeper must keep it regardless of expiry
 * @param deletedAt          when the sweeper deleted it, {@code null} unless {@link RecordingStatus#DELETED}
 * @param uploadId           S3 multipart upload id while uploading, or {@code null}
 * @param spoolPath          local spool file of the recorder, or {@code null}
 * @param updatedAt          when the row last changed
 */
public record RecordingInfo(
        UUID id,
        String streamId,
        UUID broadcastId,
        String objectKey,
        RecordingStatus status,
        long bytes,
        long durationMillis,
        String codecs,
        Instant startedAt,
        Instant endedAt,
        Instant expiresAt,
        boolean expiresAtOverridden,
        boolean legalHold,
        Instant deletedAt,
        String uploadId,
        String spoolPath,
        Instant updatedAt) {
}
