// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.SerialExecutor;
import dev.livepipe.mux.CmafMuxer;
import dev.livepipe.mux.SegmentMemory;
import dev.livepipe.mux.MuxingReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live HLS for every broadcast: register it with {@code Broadcasts.addListener} and
 * {@link #mount} it on the HTTP router.
 *
 * <p>For each broadcast that starts, it attaches one reader ({@link LiveSegmenter}) whose events
 * run on a per-broadcast {@link SerialExecutor} over a shared pool of muxing threads (FFmpeg
 * blocks; one slow stream holds at most one thread). Ended broadcasts stay served (with
 * EXT-X-ENDLIST) for {@link HlsConfig#endedLinger()}, then are dropped.
 *
 * <p>Threading: listener callbacks run under the broadcast registry's lock and only attach
 * readers and start timers; HTTP handlers run on event loops and read immutable snapshots;
 * {@link #describe()} may be called from any thread.
 */
public final class HlsService implements BroadcastListener {

    private static final Logger LOG = LoggerFactory.getLogger(HlsService.class);

    private final Vertx vertx;
    private final HlsConfig config;
    private final Executor pool;
    private final ExecutorService ownedPool;
    private final HlsRegistry registry = new HlsRegistry();
    /** The segments of every served broadcast, in native memory (see {@link SegmentMemory}). */
    private final SegmentMemory memory = SegmentMemory.pooled();
    private final List<HlsMetrics> metrics = new CopyOnWriteArrayList<>();
    private final Map<HlsStream, Attached> attached = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile HlsAccessListener accessListener = HlsAccessListener.NONE;

    private record Attached(LiveSegmenter segmenter, SerialExecutor executor) {
    }

    /**
     * A service with its own pool of muxing threads (as many as CPU cores, at least 2).
     *
     * @param vertx  for HTTP handlers and linger timers
     * @param config segment length, window, linger
     */
    public HlsService(Vertx vertx, HlsConfig config) {
        this(vertx, config, null);
    }

    /**
     * A service whose muxing runs on {@code muxPool} (not shut down by {@link #stop()}); null means
     * a pool of its own.
     */
    public HlsService(Vertx vertx, HlsConfig config, Executor muxPool) {
        this.vertx = vertx;
        this.config = config;
        if (muxPool == null) {
            AtomicInteger n = new AtomicInteger();
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            this.ownedPool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "hls-mux-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.pool = ownedPool;
        } else {
            this.ownedPool = null;
            this.pool = muxPool;
        }
    }

    /** The settings. */
    public HlsConfig config() {
        return config;
    }

    /** Adds a listener for segment and first-playlist timings. */
    public void addMetrics(HlsMetrics listener) {
        metrics.add(listener);
    }

    /**
     * Sets who hears viewer-session playlist and segment fetches (see {@link HlsAccessListener});
     * may be called before or after {@link #mount}; null means nobody.
     */
    public void setAccessListener(HlsAccessListener listener) {
        this.accessListener = listener == null ? HlsAccessListener.NONE : listener;
    }

    /** Serves {@code /hls/…} (see {@link HlsPaths}) on {@code router}. */
    public void mount(Router router) {
        new HlsRoutes(vertx, registry, config, () -> accessListener).mount(router);
    }

    /** Nothing to start: readers attach as broadcasts start. */
    public Future<Void> start() {
        return Future.succeededFuture();
    }

    /**
     * Detaches every reader, frees every muxer and (if it owns one) stops the pool. Playlists are
     * no longer served afterwards.
     */
    public Future<Void> stop() {
        stopped = true;
        List<MuxingReader> readers = attached.entrySet().stream().map(e -> new MuxingReader(e.getKey().reader(),
                e.getValue().executor(), e.getValue().segmenter()::shutdown)).toList();
        CompletableFuture<Void> all = MuxingReader.shutdownAll(readers, Duration.ofSeconds(10));
        return Future.fromCompletionStage(all.handle((v, err) -> {
            if (err != null) {
                LOG.warn("HLS muxers did not all stop in time", err);
            }
            attached.clear();
            registry.clear();
            if (ownedPool != null) {
                ownedPool.shutdown();
            }
            return (Void) null;
        }));
    }

    /** Where the served segments are kept (counts for checks and metrics). */
    public SegmentMemory segmentMemory() {
        return memory;
    }

    /** The stream's newest broadcast as HLS serves it. */
    public Optional<HlsStream> stream(String streamId) {
        return registry.latest(streamId);
    }

    /** A JSON snapshot for the admin API: settings and every served broadcast. */
    public JsonObject describe() {
        JsonArray streams = new JsonArray();
        for (HlsStream s : registry.all()) {
            streams.add(s.describe());
        }
        return new JsonObject().put("targetSegmentSeconds", config.targetSegmentDuration().toMillis() / 1000.0)
                .put("windowSize", config.windowSize()).put("muxers", CmafMuxer.openCount())
                .put("segmentMemory", new JsonObject().put("segments", memory.liveSegments())
                        .put("bytes", memory.liveBytes()))
                .put("streams", streams);
    }

    @Override
    public void onStarted(Broadcast broadcast) {
        if (stopped) {
            return;
        }
        HlsStream stream = new HlsStream(broadcast.streamId(), broadcast.id(), HlsPaths.newToken(), System.nanoTime());
        LiveSegmenter segmenter = new LiveSegmenter(stream, config, metrics, memory);
        SerialExecutor executor = new SerialExecutor(pool);
        attached.put(stream, new Attached(segmenter, executor));
        registry.add(stream);
        stream.attach(broadcast.addReader("hls", segmenter, executor));
        LOG.info("[hls {}] serving broadcast {} under token {}", broadcast.streamId(), broadcast.id(), stream.token());
    }

    @Override
    public void onEnded(Broadcast broadcast) {
        registry.byBroadcast(broadcast.streamId(), broadcast.id()).ifPresent(stream -> {
            long delay = Math.max(1, config.endedLinger().toMillis());
            vertx.setTimer(delay, id -> {
                registry.remove(stream);
                Attached a = attached.remove(stream);
                if (a != null) {
                    a.executor().execute(a.segmenter()::shutdown);
                }
                LOG.info("[hls {}] dropped ended broadcast {}", stream.streamId(), stream.broadcastId());
            });
        });
    }
}
