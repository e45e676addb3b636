// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.storage.recordings.RecordingObjects;
import dev.livepipe.storage.s3.ObjectInfo;
import dev.livepipe.storage.s3.ObjectStore;
import dev.livepipe.storage.s3.UploadedPart;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Moves one recording's spool file into S3 as a multipart upload while it grows, and keeps its row
 * in the {@link RecordingStore} current.
 *
 * <ul>
 *   <li>Whenever at least {@link RecorderConfig#partSize()} committed bytes are not yet uploaded,
 *       the next part is read from the spool file and uploaded; its ETag must equal its MD5.</li>
 *   <li>{@link #finish}: the rest goes up as the last part, the upload is completed and verified
 *       with HEAD (size equals the spool's, ETag equals the locally computed multipart ETag,
 *       {@link MultipartEtag}); then the {@link FragmentIndex} is stored next to it, the row
 *       finished, and only then the spool deleted.</li>
 *   <li>Any failure (S3 or database unreachable, a lost upload, a verification mismatch) is
 *       retried with exponential backoff ({@link Backoff}) for as long as the service runs; one log
 *       line per attempt, so the rate falls as the delay grows. A lost upload or a mismatch starts
 *       the upload over from the spool.</li>
 * </ul>
 *
 * <p>Threading: the public-to-package methods may be called from any thread; all work runs on the
 * recording's serial upload executor (blocking S3 and JDBC calls, never an event loop), retry delays
 * on the shared timer, which only re-submits. Ownership: reads the spool file, deletes it when done.
 */
final class RecordingUpload {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingUpload.class);

    /** One uploaded part. */
    private record Part(int number, long offset, int size, String eTag, byte[] md5) {
    }

    /** What {@link #finish} asked for. */
    private record Final(long bytes, FragmentIndex index, RecordingOutcome outcome, Instant endedAt) {
    }

    private final UUID id;
    private final String streamId;
    private final UUID broadcastId;
    private final String objectKey;
    private final Instant startedAt;
    private final Path spool;
    private final Path sidecar;
    private final ObjectStore objects;
    private final RecordingStore store;
    private final RecorderConfig config;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final RecorderStats stats;
    private final Backoff backoff;
    private final CompletableFuture<RecordingResult> done = new CompletableFuture<>();

    // confined to the executor
    private boolean needsRow;
    private String staleUpload;
    private String uploadId;
    private final List<Part> parts = new ArrayList<>();
    private long uploadedEnd;
    private boolean progressDirty;
    private boolean retryPending;
    private Final fin;

    // written by the muxing side or the executor, read anywhere
    private volatile long committed;
    private volatile long durationMillis;
    private volatile String codecs = "";
    private volatile String lastError;
    private volatile int attempts;
    private volatile long uploaded;

    /**
     * @param broadcastId null for a recording recovered after a crash (its row exists)
     * @param spool       the spool file ({@code <id>.mp4}); its sidecar index is {@code <id>.json}
     * @param executor    a serial executor of this recording over the upload pool
     */
    RecordingUpload(UUID id, String streamId, UUID broadcastId, String objectKey, Instant startedAt, Path spool,
                    ObjectStore objects, RecordingStore store, RecorderConfig config, Executor executor,
                    ScheduledExecutorService timer, RecorderStats stats) {
        this.id = id;
        this.streamId = streamId;
        this.broadcastId = broadcastId;
        this.objectKey = objectKey;
        this.startedAt = startedAt;
        this.spool = spool;
        this.sidecar = sidecarOf(spool);
        this.objects = objects;
        this.store = store;
        this.config = config;
        this.executor = executor;
        this.timer = timer;
        this.stats = stats;
        this.backoff = new Backoff(config.backoffMin(), config.backoffMax());
    }

    /** The sidecar index file of a spool file. */
    static Path sidecarOf(Path spool) {
        String name = spool.getFileName().toString();
        return spool.resolveSibling((name.endsWith(".mp4") ? name.substring(0, name.length() - 4) : name) + ".json");
    }

    UUID id() {
        return id;
    }

    /** Completes when the recording is verified in S3 and its row finished (or it failed for lack of media). */
    CompletableFuture<RecordingResult> done() {
        return done;
    }

    /** A recovered recording: the multipart upload its dead process left is aborted first (best effort). */
    void abortStale(String oldUploadId) {
        if (oldUploadId != null) {
            executor.execute(() -> staleUpload = oldUploadId);
        }
    }

    /** A live recording: creates its row first. */
    void begin() {
        executor.execute(() -> {
            needsRow = true;
            pump();
        });
    }

    /** The spool grew: {@code committedBytes} are on disk, holding {@code mediaMillis} of media. */
    void spooled(long committedBytes, long mediaMillis, String codecString) {
        stats.bytesSpooled.addAndGet(committedBytes - committed);
        committed = committedBytes;
        durationMillis = mediaMillis;
        codecs = codecString;
        executor.execute(() -> {
            progressDirty = true;
            pump();
        });
    }

    /**
     * No more bytes will come: upload the rest, complete, verify, store the index, finish the row
     * with {@code outcome}, delete the spool. With no bytes (or outcome FAILED) the row is finished
     * as failed and any upload aborted.
     */
    void finish(long bytes, FragmentIndex index, RecordingOutcome outcome, Instant endedAt) {
        if (bytes > committed) {
            stats.bytesSpooled.addAndGet(bytes - committed);
            committed = bytes;
        }
        durationMillis = index.durationMicros() / 1000;
        executor.execute(() -> {
            fin = new Final(bytes, index, bytes == 0 ? RecordingOutcome.FAILED : outcome, endedAt);
            pump();
        });
    }

    /** A JSON snapshot for the admin API. */
    JsonObject describe() {
        long pending = Math.max(0, committed - uploaded);
        return new JsonObject().put("id", id.toString()).put("streamId", streamId).put("objectKey", objectKey)
                .put("bytesSpooled", committed).put("bytesUploaded", uploaded).put("durationMillis", durationMillis)
                .put("pendingParts", (pending + config.partSize() - 1) / config.partSize())
                .put("failedAttempts", attempts).put("lastError", lastError).put("finishing", fin != null);
    }

    private void pump() {
        if (retryPending || done.isDone()) {
            return;
        }
        try {
            step();
            backoff.reset();
            attempts = 0;
        } catch (IOException | RuntimeException e) {
            retryLater(e);
        }
    }

    private void step() throws IOException {
        if (staleUpload != null) {
            try {
                objects.abortMultipartUpload(objectKey, staleUpload);
            } catch (RuntimeException e) {
                // best effort: a bucket lifecycle rule for incomplete uploads is the backstop
                LOG.warn("[recording {}] cannot abort the stale upload {}: {}", id, staleUpload, e.toString());
            }
            staleUpload = null;
        }
        if (needsRow) {
            store.create(id, streamId, broadcastId, objectKey, startedAt);
            needsRow = false;
        }
        if (progressDirty && fin == null) {
            store.updateProgress(id, committed, durationMillis, codecs, uploadId, spool.toString());
            progressDirty = false;
        }
        if (fin != null && fin.outcome() == RecordingOutcome.FAILED) {
            fail();
            return;
        }
        long target = fin != null ? fin.bytes() : committed;
        while (target - uploadedEnd >= config.partSize() || (fin != null && target > uploadedEnd)) {
            uploadPart((int) Math.min(config.partSize(), target - uploadedEnd));
        }
        if (fin != null) {
            complete();
        }
    }

    private void uploadPart(int length) throws IOException {
        if (uploadId == null) {
            uploadId = objects.createMultipartUpload(objectKey, "video/mp4");
            store.updateProgress(id, committed, durationMillis, codecs, uploadId, spool.toString());
        }
        byte[] bytes = SpoolFile.read(spool, uploadedEnd, length);
        byte[] md5 = MultipartEtag.md5(bytes);
        int number = parts.size() + 1;
        UploadedPart up = objects.uploadPart(objectKey, uploadId, number, bytes);
        String hex = HexFormat.of().formatHex(md5);
        if (looksLikeMd5(up.eTag()) && !MultipartEtag.same(up.eTag(), hex)) {
            throw new IllegalStateException("part " + number + " ETag " + up.eTag() + " is not its MD5 " + hex);
        }
        parts.add(new Part(number, uploadedEnd, length, up.eTag(), md5));
        uploadedEnd += length;
        uploaded = uploadedEnd;
        stats.bytesUploaded.addAndGet(length);
        stats.partsUploaded.incrementAndGet();
    }

    private void complete() throws IOException {
        String expected = MultipartEtag.of(parts.stream().map(Part::md5).toList());
        if (!verified(objects.head(objectKey), expected)) {
            objects.completeMultipartUpload(objectKey, uploadId,
                    parts.stream().map(p -> new UploadedPart(p.number(), p.eTag())).toList());
            Optional<ObjectInfo> head = objects.head(objectKey);
            if (!verified(head, expected)) {
                String seen = head.map(h -> h.size() + " bytes, ETag " + h.eTag()).orElse("nothing");
                restartUpload();
                throw new IllegalStateException("S3 holds " + seen + " for " + objectKey + ", expected "
                        + fin.bytes() + " bytes, ETag " + expected + "; uploading again");
            }
        }
        String indexKey = RecordingObjects.index(objectKey);
        objects.put(indexKey, fin.index().toJson().encodePrettily().getBytes(StandardCharsets.UTF_8),
                "application/json");
        long millis = fin.index().durationMicros() / 1000;
        store.finish(id, fin.outcome(), fin.endedAt(), fin.bytes(), millis);
        deleteSpool();
        stats.completed.incrementAndGet();
        LOG.info("[recording {}] {} in S3 as {}: {} bytes in {} parts, {} ms of media, verified", id,
                fin.outcome().name().toLowerCase(), objectKey, fin.bytes(), parts.size(), millis);
        done.complete(new RecordingResult(id, fin.outcome(), fin.bytes(), millis, objectKey, indexKey, parts.size()));
    }

    private boolean verified(Optional<ObjectInfo> head, String expectedEtag) {
        if (head.isEmpty() || head.get().size() != fin.bytes()) {
            return false;
        }
        String eTag = head.get().eTag();
        // A store whose ETags are not MD5-based (e.g. SSE-KMS) can only be checked by size.
        return !looksLikeMultipartEtag(eTag) || MultipartEtag.same(eTag, expectedEtag);
    }

    private void fail() throws IOException {
        if (uploadId != null) {
            try {
                objects.abortMultipartUpload(objectKey, uploadId);
            } catch (RuntimeException e) {
                LOG.debug("[recording {}] aborting upload {} failed", id, uploadId, e);
            }
            uploadId = null;
        }
        store.finish(id, RecordingOutcome.FAILED, fin.endedAt(), 0, 0);
        deleteSpool();
        stats.failed.incrementAndGet();
        LOG.warn("[recording {}] failed: no media was recorded", id);
        done.complete(new RecordingResult(id, RecordingOutcome.FAILED, 0, 0, objectKey, null, 0));
    }

    private void deleteSpool() throws IOException {
        Files.deleteIfExists(spool);
        Files.deleteIfExists(sidecar);
    }

    private void restartUpload() {
        if (uploadId != null) {
            try {
                objects.abortMultipartUpload(objectKey, uploadId);
            } catch (RuntimeException e) {
                LOG.debug("[recording {}] aborting upload {} failed", id, uploadId, e);
            }
        }
        stats.bytesUploaded.addAndGet(-uploadedEnd);
        uploadId = null;
        parts.clear();
        uploadedEnd = 0;
        uploaded = 0;
    }

    private void retryLater(Exception e) {
        if (e instanceof S3Exception s3 && s3.statusCode() == 404 && uploadId != null
                && "NoSuchUpload".equals(s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode())) {
            LOG.warn("[recording {}] S3 lost multipart upload {}; starting over from the spool", id, uploadId);
            uploadId = null;
            restartUpload();
        }
        attempts++;
        stats.retries.incrementAndGet();
        lastError = e.toString();
        stats.lastError = "recording " + id + ": " + e;
        long delay = backoff.nextDelayMillis();
        LOG.warn("[recording {}] {} (attempt {}); retrying in {} ms", id, e.toString(), backoff.failures(), delay);
        retryPending = true;
        try {
            timer.schedule(() -> executor.execute(() -> {
                retryPending = false;
                pump();
            }), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            LOG.info("[recording {}] recorder stopping; the spool stays for the next start", id);
        }
    }

    private static boolean looksLikeMd5(String eTag) {
        return eTag != null && eTag.replace("\"", "").matches("[0-9a-fA-F]{32}");
    }

    private static boolean looksLikeMultipartEtag(String eTag) {
        return eTag != null && eTag.replace("\"", "").matches("[0-9a-fA-F]{32}-[0-9]+");
    }
}
