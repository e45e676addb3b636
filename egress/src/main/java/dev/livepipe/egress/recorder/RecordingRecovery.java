// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes, at start, the recordings a dead process left "recording" (a {@code kill -9}, a power cut,
 * a stop while S3 was unreachable). For each:
 * <ol>
 *   <li>find its spool ({@code spoolPath} of the row, else {@code <spoolDir>/<id>.mp4}); none, or not
 *       one complete fragment in it: the row is finished as {@code failed};</li>
 *   <li>cut the file after the last complete {@code moof}+{@code mdat} ({@link FragmentedMp4Scan}),
 *       which also rebuilds the {@link FragmentIndex} with durations from the fragments themselves;</li>
 *   <li>abort the stale multipart upload and upload the whole truncated spool afresh (simplest
 *       robust choice: the parts the dead process uploaded are not trusted or tracked durably),
 *       verify, store the index, finish the row as {@code interrupted} (or {@code complete} if the
 *       sidecar index says the broadcast had ended normally and only the upload was cut short), with
 *       the surviving duration and the spool's modification time as end; then delete the spool.</li>
 * </ol>
 * The uploads use the recorder's upload machinery, so they retry while S3 is away.
 *
 * <p>Threading: {@link #run()} blocks (database, file scans and truncation) and must run on a
 * worker thread, before publishers are accepted (else a new recording's row would look
 * unfinished). Broadcast rows are not touched (storage ends dangling broadcasts).
 */
public final class RecordingRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingRecovery.class);

    private final Recorder recorder;

    RecordingRecovery(Recorder recorder) {
        this.recorder = recorder;
    }

    /** Scans, truncates, marks the hopeless ones failed and queues the uploads. */
    public RecoveryReport run() {
        RecordingStore store = recorder.store();
        List<UUID> uploading = new ArrayList<>();
        List<UUID> failed = new ArrayList<>();
        List<CompletableFuture<RecordingResult>> futures = new ArrayList<>();
        for (UnfinishedRecording r : store.unfinished()) {
            if (recorder.isActive(r.id())) {
                continue;
            }
            try {
                RecordingUpload up = recover(r);
                if (up == null) {
                    failed.add(r.id());
                } else {
                    uploading.add(r.id());
                    futures.add(up.done());
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("[recording {}] cannot recover; the row stays 'recording' and the spool is kept", r.id(), e);
            }
        }
        if (!uploading.isEmpty() || !failed.isEmpty()) {
            LOG.info("recovering {} interrupted recordings; {} had nothing to save", uploading.size(), failed.size());
        }
        CompletableFuture<List<RecordingResult>> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
        return new RecoveryReport(uploading, failed, all);
    }

    private RecordingUpload recover(UnfinishedRecording r) throws IOException {
        Path spool = locate(r);
        FragmentedMp4Scan.Result scan = spool == null ? null : FragmentedMp4Scan.scan(spool);
        if (scan == null || scan.index().fragments().isEmpty()) {
            LOG.warn("[recording {}] no complete fragment survived ({}); marking it failed", r.id(),
                    spool == null ? "no spool" : spool);
            RecordingUpload up = recorder.newUpload(r.id(), r.streamId(), null, r.objectKey(), r.startedAt(),
                    spool == null ? recorder.config().spoolDir().resolve(r.id() + ".mp4") : spool);
            up.abortStale(r.uploadId());
            up.finish(0, new FragmentIndex(List.of(), List.of(), false), RecordingOutcome.FAILED, r.startedAt());
            return null;
        }
        Instant endedAt = Files.getLastModifiedTime(spool).toInstant();
        long size = Files.size(spool);
        if (size > scan.validEnd()) {
            SpoolFile.truncate(spool, scan.validEnd());
            LOG.info("[recording {}] dropped {} bytes of a partial fragment from {}", r.id(), size - scan.validEnd(),
                    spool);
        }
        boolean ended = endedNormally(RecordingUpload.sidecarOf(spool));
        FragmentIndex index = scan.index().withEnded(ended);
        RecordingOutcome outcome = ended ? RecordingOutcome.COMPLETE : RecordingOutcome.INTERRUPTED;
        RecordingUpload up = recorder.newUpload(r.id(), r.streamId(), null, r.objectKey(), r.startedAt(), spool);
        up.abortStale(r.uploadId());
        up.finish(scan.validEnd(), index, outcome, endedAt);
        LOG.info("[recording {}] recovering {} fragments ({} ms) from {} as {}", r.id(), index.fragments().size(),
                index.durationMicros() / 1000, spool, outcome.name().toLowerCase());
        return up;
    }

    private Path locate(UnfinishedRecording r) {
        if (r.spoolPath() != null && !r.spoolPath().isBlank()) {
            Path p = Path.of(r.spoolPath());
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        Path p = recorder.config().spoolDir().resolve(r.id() + ".mp4");
        return Files.isRegularFile(p) ? p : null;
    }

    private static boolean endedNormally(Path sidecar) {
        try {
            if (sidecar != null && Files.isRegularFile(sidecar)) {
                return new JsonObject(Files.readString(sidecar)).getBoolean("ended", false);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("unreadable sidecar {}", sidecar, e);
        }
        return false;
    }
}
