// SPDX-License-Identifier: Apache-2.0
/**
 * Recordings: one row per recorded broadcast with its S3 object key, progress, final status
 * and retention fields. Entry point: {@link dev.livepipe.storage.recordings.RecordingRepository}.
 * Everything here blocks on JDBC.
 */
package dev.livepipe.storage.recordings;
