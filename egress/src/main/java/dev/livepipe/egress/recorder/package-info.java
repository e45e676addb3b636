// SPDX-License-Identifier: Apache-2.0
/**
 * The recorder: every broadcast as one fragmented MP4 in S3, crash-safe and outage-safe.
 *
 * <p>Wiring: a {@link dev.livepipe.egress.recorder.Recorder} with a
 * {@link dev.livepipe.egress.recorder.RecorderConfig}, the {@code ObjectStore} and a
 * {@link dev.livepipe.egress.recorder.RecordingStore} (the database, through
 * {@link dev.livepipe.egress.recorder.RepositoryRecordingStore}); {@code start()}, then
 * {@code recovery().run()} on a worker before publishers are accepted, then
 * {@code Broadcasts.addListener(recorder)}.
 *
 * <p>Data flow per broadcast: {@code Broadcast} → reader queue →
 * {@link dev.livepipe.egress.recorder.BroadcastRecording} (mux thread: {@code SessionMuxer}, spool
 * file forced per fragment, sidecar {@link dev.livepipe.egress.recorder.FragmentIndex}) →
 * {@link dev.livepipe.egress.recorder.RecordingUpload} (upload thread: multipart parts from the spool,
 * complete, HEAD verification, index JSON, row finished, spool deleted). The VOD playlist is
 * {@link dev.livepipe.egress.recorder.VodPlaylist#render} over the stored index.
 */
package dev.livepipe.egress.recorder;
