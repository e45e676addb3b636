// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.storage.recordings.RecordingObjects;
import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.BroadcastReader;
import dev.livepipe.media.SerialExecutor;
import dev.livepipe.mux.MuxingReader;
import dev.livepipe.mux.SegmentMemory;
import dev.livepipe.storage.s3.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every broadcast: register it with {@code Broadcasts.addListener}. For each broadcast that
 * starts it creates a recording id, attaches a reader ({@link BroadcastRecording}) that muxes into a
 * spool file {@code <dataDir>/spool/<recordingId>.mp4}, and a {@link RecordingUpload} that streams
 * the spool into S3 ({@code recordings/<streamId>/<recordingId>.mp4}) and keeps the row current. One
 * recording per broadcast: reconnects within the grace window continue it.
 *
 * <p>Threads: muxing runs on a per-broadcast {@link SerialExecutor} over a muxing pool, uploads and
 * database calls on a per-recording {@link SerialExecutor} over an upload pool (so muxing never waits
 * for S3), retry delays and the {@link DiskGuard} on one timer thread. Listener callbacks run under
 * the broadcast registry's lock and only create objects and attach the reader. {@link #describe()}
 * and {@link #diskGuard()} may be called from any thread, including an event loop.
 *
 * <p>Life: {@link #start()} creates the spool directory and starts the disk checks; run
 * {@link #recovery()} once before publishers are accepted; {@link #stop()} detaches readers and
 * frees muxers: recordings whose upload is not finished keep their spool and row, and the next
 * start's recovery finishes them.
 */
public final class Recorder implements BroadcastListener {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    private final RecorderConfig config;
    private final ObjectStore objects;
    private final RecordingStore store;
    private final Clock clock;
    private final Executor muxPool;
    private final Executor uploadPool;
    private final List<ExecutorService> ownedPools = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final DiskGuard diskGuard;
    private final RecorderStats stats = new RecorderStats();
    /** Fragments between the muxer and the spool file, in native memory (freed once written). */
    private final SegmentMemory memory = SegmentMemory.pooled();
    private final Map<UUID, Active> active = new ConcurrentHashMap<>();
    private final Map<String, UUID> byBroadcast = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    private record Active(String broadcastId, BroadcastRecording recording, SerialExecutor muxExecutor,
                          RecordingUpload upload, BroadcastReader[] reader) {
    }

    /** A recorder with its own muxing pool (CPU cores, at least 2) and upload pool (4 threads). */
    public Recorder(RecorderConfig config, ObjectStore objects, RecordingStore store) {
        this(config, objects, store, null, null, Clock.systemUTC());
    }

    /**
     * @param muxPool    where muxing runs (blocking FFmpeg and fsync), null for a pool of its own; not
     *                   shut down by {@link #stop()} when given
     * @param uploadPool where uploads and database calls run, null for a pool of its own
     * @param clock      for start and end times
     */
    public Recorder(RecorderConfig config, ObjectStore objects, RecordingStore store, Executor muxPool,
                    Executor uploadPool, Clock clock) {
        this.config = config;
        this.objects = objects;
        this.store = store;
        this.clock = clock;
        this.muxPool = muxPool != null ? muxPool : ownPool("recorder-mux", Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.uploadPool = uploadPool != null ? uploadPool : ownPool("recorder-upload", 4);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "recorder-timer"));
        this.diskGuard = new DiskGuard(config.dataDir(), config.diskMinFreeBytes(), config.diskMinFreePercent());
    }

    private ExecutorService ownPool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> daemon(r, name + "-" + n.incrementAndGet()));
        ownedPools.add(pool);
        return pool;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The settings. */
    public RecorderConfig config() {
        return config;
    }

    /** The free-space watch of the data directory (for {@code /health}). */
    public DiskGuard diskGuard() {
        return diskGuard;
    }

    /** Creates the spool directory and starts the periodic disk check. Blocks briefly (local file system). */
    public Future<Void> start() {
        try {
            Files.createDirectories(config.spoolDir());
        } catch (IOException e) {
            return Future.failedFuture(new UncheckedIOException("cannot create " + config.spoolDir(), e));
        }
        diskGuard.check();
        long every = config.diskCheckInterval().toMillis();
        timer.scheduleWithFixedDelay(diskGuard::check, every, every, TimeUnit.MILLISECONDS);
        return Future.succeededFuture();
    }

    /**
     * The crash recovery; call {@link RecordingRecovery#run()} once on a worker thread after
     * {@link #start()} and before publishers are accepted.
     */
    public RecordingRecovery recovery() {
        return new RecordingRecovery(this);
    }

    /**
     * Detaches every reader and frees every muxer (spools are closed, not finished), then stops the
     * timer and the pools it owns; uploads still retrying stop too and are finished by the next
     * start's recovery. Call after the broadcasts were ended if their recordings should complete now.
     */
    public Future<Void> stop() {
        stopped = true;
        List<MuxingReader> readers = active.values().stream()
                .map(a -> new MuxingReader(a.reader()[0], a.muxExecutor(), a.recording()::shutdown)).toList();
        CompletableFuture<Void> all = MuxingReader.shutdownAll(readers, Duration.ofSeconds(10));
        return Future.fromCompletionStage(all.handle((v, err) -> {
            if (err != null) {
                LOG.warn("recording muxers did not all stop in time", err);
            }
            timer.shutdownNow();
            ownedPools.forEach(ExecutorService::shutdownNow);
            return (Void) null;
        }));
    }

    /**
     * The recording of a broadcast while it is recorded or uploaded: completes when it is verified in
     * S3 and its row finished.
     */
    public Optional<CompletableFuture<RecordingResult>> completion(String broadcastId) {
        UUID id = byBroadcast.get(broadcastId);
        Active a = id == null ? null : active.get(id);
        return a == null ? Optional.empty() : Optional.of(a.upload().done());
    }

    /** The recording id of a broadcast being recorded or uploaded. */
    public Optional<UUID> recordingId(String broadcastId) {
        return Optional.ofNullable(byBroadcast.get(broadcastId));
    }

    /** A JSON snapshot for the admin API: totals, disk, and every recording in progress. */
    public JsonObject describe() {
        JsonArray recordings = new JsonArray();
        for (Active a : active.values()) {
            recordings.add(a.upload().describe().put("broadcastId", a.broadcastId()));
        }
        return new JsonObject().put("activeRecordings", active.size())
                .put("bytesSpooled", stats.bytesSpooled.get()).put("bytesUploaded", stats.bytesUploaded.get())
                .put("partsUploaded", stats.partsUploaded.get()).put("retries", stats.retries.get())
                .put("completed", stats.completed.get()).put("failed", stats.failed.get())
                .put("lastError", stats.lastError).put("disk", diskGuard.describe())
                .put("fragmentMemory", new JsonObject().put("fragments", memory.liveSegments())
                        .put("bytes", memory.liveBytes()))
                .put("recordings", recordings);
    }

    @Override
    public void onStarted(Broadcast broadcast) {
        if (stopped) {
            return;
        }
        UUID id = UUID.randomUUID();
        String key = RecordingObjects.media(broadcast.streamId(), id);
        Path spool = config.spoolDir().resolve(id + ".mp4");
        UUID broadcastId = parse(broadcast.id());
        RecordingUpload upload = newUpload(id, broadcast.streamId(), broadcastId, key, broadcast.startedAt(), spool);
        BroadcastRecording recording = new BroadcastRecording(id, broadcast.streamId(), spool, config, upload, clock, memory);
        SerialExecutor mux = new SerialExecutor(muxPool);
        Active a = new Active(broadcast.id(), recording, mux, upload, new BroadcastReader[1]);
        active.put(id, a);
        byBroadcast.put(broadcast.id(), id);
        upload.done().whenComplete((r, e) -> {
            active.remove(id);
            byBroadcast.remove(broadcast.id(), id);
        });
        upload.begin();
        a.reader()[0] = broadcast.addReader("recorder", recording, mux);
        LOG.info("[stream {}] recording broadcast {} as {}", broadcast.streamId(), broadcast.id(), id);
    }

    // ------------------------------------------------------------------ for recovery

    RecordingStore store() {
        return store;
    }

    boolean isActive(UUID id) {
        return active.containsKey(id);
    }

    RecordingUpload newUpload(UUID id, String streamId, UUID broadcastId, String key, java.time.Instant startedAt,
                              Path spool) {
        return new RecordingUpload(id, streamId, broadcastId, key, startedAt, spool, objects, store, config,
                new SerialExecutor(uploadPool), timer, stats);
    }

    private static UUID parse(String broadcastId) {
        try {
            return UUID.fromString(broadcastId);
        } catch (IllegalArgumentException e) {
            return UUID.nameUUIDFromBytes(broadcastId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
