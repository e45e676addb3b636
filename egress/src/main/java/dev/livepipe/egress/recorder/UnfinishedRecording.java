// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.time.Instant;
import java.util.UUID;

/**
 * A recording whose row still says "recording" when the service starts: its process died before
 * finishing it. Immutable.
 *
 * @param id        the recording id
 * @param streamId  its stream
 * @param objectKey where its MP4 goes in the bucket
 * @param startedAt when it started
 * @param uploadId  the multipart upload it was using, or null if none was started
 * @param spoolPath its spool file as last reported, or null (then {@code <spoolDir>/<id>.mp4} is tried)
 */
public record UnfinishedRecording(UUID id, String streamId, String objectKey, Instant startedAt, String uploadId,
                                  String spoolPath) {
}
