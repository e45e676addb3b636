// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.storage.analytics.AnalyticsMinute;
import dev.livepipe.storage.analytics.AnalyticsMinuteRepository;
import dev.livepipe.storage.analytics.AnalyticsSummary;
import dev.livepipe.storage.analytics.AnalyticsSummaryRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Viewer analytics for every broadcast on this node (design: {@code docs/analytics.md}).
 *
 * <ul>
 *   <li>Register it with {@code Broadcasts.addListener}: a broadcast that starts gets a
 *       {@link BroadcastStats} and an {@link EngagementSubscription} (chat and reactions on the
 *       event bus) until it ends.</li>
 *   <li>Feed it HLS requests with {@link #onPlaylist} and {@link #onSegment} (the server adapts
 *       the HLS module's access listener to these).</li>
 *   <li>{@link #start()} runs a tick (every {@link AnalyticsConfig#tick()}) that expires idle
 *       sessions, publishes {@code {"current","peak","broadcastId"}} on {@link AnalyticsAddresses#viewers} when
 *       they changed (and, while live, at least every 5 s), and persists closed minutes and the totals. After a broadcast ended and its
 *       last session expired, its figures are final: written once more, sessions freed.</li>
 * </ul>
 *
 * <p>Threading: {@link #onPlaylist}/{@link #onSegment} run on HTTP event loops and cost a map
 * lookup and a short lock; listener callbacks (under the hub's lock) only register consumers;
 * the tick runs on an event loop; database writes run in order on one writer thread owned by
 * this service, which {@link #stop()} drains. Query methods may be called from any thread;
 * {@link #stored} blocks (JDBC).
 */
public final class ViewerAnalytics implements BroadcastListener {

    private static final Logger LOG = LoggerFactory.getLogger(ViewerAnalytics.class);
    private static final int MAX_STORED_MINUTES = 7 * 24 * 60;

    private final Vertx vertx;
    private final AnalyticsConfig config;
    private final Clock clock;
    private final AnalyticsMinuteRepository minutes;
    private final AnalyticsSummaryRepository summaries;
    private final ToIntFunction<String> socketsPerStream;
    /** Broadcasts whose figures are not final yet, by broadcast id. */
    private final Map<String, BroadcastStats> active = new ConcurrentHashMap<>();
    /** Each stream's newest broadcast on this node (final ones included), by stream id. */
    private final Map<String, BroadcastStats> latest = new ConcurrentHashMap<>();
    private final Map<String, EngagementSubscription> engagement = new ConcurrentHashMap<>();
    private final ExecutorService writer;
    private volatile long timer = -1;

    /**
     * @param socketsPerStream WebSocket connections per stream id (from the chat module); called on the tick
     */
    public ViewerAnalytics(Vertx vertx, AnalyticsConfig config, Clock clock, AnalyticsMinuteRepository minutes,
                           AnalyticsSummaryRepository summaries, ToIntFunction<String> socketsPerStream) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.minutes = minutes;
        this.summaries = summaries;
        this.socketsPerStream = socketsPerStream;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "analytics-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /** The settings. */
    public AnalyticsConfig config() {
        return config;
    }

    /** Starts the tick. */
    public Future<Void> start() {
        timer = vertx.setPeriodic(config.tick().toMillis(), id -> tick());
        return Future.succeededFuture();
    }

    /**
     * Stops the tick and counting, writes every broadcast's figures as they stand (final for
     * ended ones) and completes when the writes are done.
     */
    public Future<Void> stop() {
        if (writer.isShutdown()) {
            return Future.succeededFuture();
        }
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        engagement.values().forEach(EngagementSubscription::close);
        engagement.clear();
        for (BroadcastStats s : active.values()) {
            s.tick(sockets(s));
            List<AnalyticsMinute> rows = s.unstoredMinutes();
            rows.add(s.openMinute());
            persist(s, rows, s.summary());
        }
        active.clear();
        Promise<Void> done = Promise.promise();
        writer.execute(() -> done.complete());
        writer.shutdown();
        return done.future();
    }

    // ------------------------------------------------------------------ HLS requests (event loops)

    /** A viewer session fetched a playlist of the broadcast; unknown broadcasts are ignored. */
    public void onPlaylist(String streamId, String broadcastId, String session) {
        BroadcastStats s = active.get(broadcastId);
        if (s != null) {
            s.playlist(session);
        }
    }

    /** A viewer session fetched a media segment of the broadcast; unknown broadcasts are ignored. */
    public void onSegment(String streamId, String broadcastId, String session, long sequence, long durationMicros) {
        BroadcastStats s = active.get(broadcastId);
        if (s != null) {
            s.segment(session, sequence, durationMicros);
        }
    }

    // ------------------------------------------------------------------ broadcast life cycle

    @Override
    public void onStarted(Broadcast broadcast) {
        BroadcastStats s;
        try {
            s = new BroadcastStats(broadcast.streamId(), broadcast.id(), broadcast.startedAt(), config, clock);
        } catch (IllegalArgumentException e) { // not a UUID: cannot be stored; never throw into the hub
            LOG.warn("[analytics {}] broadcast id {} is not a UUID; not counted", broadcast.streamId(), broadcast.id());
            return;
        }
        active.put(broadcast.id(), s);
        latest.put(broadcast.streamId(), s);
        engagement.put(broadcast.id(), EngagementSubscription.subscribe(vertx.eventBus(), broadcast.streamId(), s));
    }

    @Override
    public void onEnded(Broadcast broadcast) {
        BroadcastStats s = active.get(broadcast.id());
        if (s != null) {
            s.ended(broadcast.endedAt().orElse(clock.instant()));
        }
        EngagementSubscription e = engagement.remove(broadcast.id());
        if (e != null) {
            e.close();
        }
    }

    /** Completes when the broadcast's engagement consumers are registered (for tests). */
    Future<Void> engagementReady(String broadcastId) {
        EngagementSubscription e = engagement.get(broadcastId);
        return e == null ? Future.failedFuture("no such live broadcast") : e.ready();
    }

    // ------------------------------------------------------------------ tick

    void tick() {
        for (BroadcastStats s : active.values()) {
            try {
                List<AnalyticsMinute> closed = s.tick(sockets(s));
                int[] change = s.viewersChange();
                if (change != null) {
                    vertx.eventBus().publish(AnalyticsAddresses.viewers(s.streamId()),
                            new JsonObject().put("current", change[0]).put("peak", change[1])
                                    .put("broadcastId", s.broadcastId()));
                }
                if (s.isEnded() && s.currentViewers() == 0) {
                    List<AnalyticsMinute> rows = s.unstoredMinutes();
                    rows.add(s.openMinute());
                    persist(s, rows, s.summary());
                    active.remove(s.broadcastId());
                    s.forgetSessions();
                    LOG.info("[analytics {}] figures of broadcast {} are final", s.streamId(), s.broadcastId());
                } else if (!closed.isEmpty()) {
                    persist(s, s.unstoredMinutes(), s.summary()); // every minute not stored yet, oldest first
                }
            } catch (RuntimeException e) {
                LOG.error("[analytics {}] tick failed for broadcast {}", s.streamId(), s.broadcastId(), e);
            }
        }
    }

    private int sockets(BroadcastStats s) {
        try {
            return socketsPerStream.applyAsInt(s.streamId());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /**
     * Queues a write of the totals and of {@code rows} (the broadcast's unstored closed minutes,
     * perhaps with the open one). Closed minutes stay queued in {@code s} until a write of them
     * succeeded, so a failed write (say the broadcast row is not journaled yet) is repeated by the
     * next one; rows are upserted, so writing one twice is harmless.
     */
    private void persist(BroadcastStats s, List<AnalyticsMinute> rows, AnalyticsSummary summary) {
        writer.execute(() -> {
            String failed = null;
            try {
                summaries.upsert(summary);
            } catch (RuntimeException e) {
                failed = e.toString();
            }
            try {
                minutes.upsert(rows);
                s.markStored(rows);
            } catch (RuntimeException e) {
                failed = failed == null ? e.toString() : failed;
            }
            if (failed != null) {
                LOG.warn("[analytics {}] could not store figures of broadcast {} ({} minutes pending): {}",
                        s.streamId(), s.broadcastId(), s.unstoredMinutes().size(), failed);
            }
        });
    }

    /** Completes when the writes queued so far are done (for tests). */
    java.util.concurrent.Future<?> writesDone() {
        return writer.submit(() -> { });
    }

    // ------------------------------------------------------------------ queries

    /** The stream's newest broadcast on this node, if this node has seen one since it started. */
    public Optional<AnalyticsSnapshot> latest(String streamId) {
        BroadcastStats s = latest.get(streamId);
        return s == null ? Optional.empty() : Optional.of(s.snapshot(!s.isEnded()));
    }

    /** A broadcast this node still holds (live, or the newest of its stream). */
    public Optional<AnalyticsSnapshot> inMemory(String broadcastId) {
        BroadcastStats s = active.get(broadcastId);
        if (s == null) {
            s = latest.values().stream().filter(x -> x.broadcastId().equals(broadcastId)).findFirst().orElse(null);
        }
        return s == null ? Optional.empty() : Optional.of(s.snapshot(!s.isEnded()));
    }

    /**
     * <b>Blocking</b> (JDBC): a broadcast's stored figures, or the stream's newest stored ones
     * when {@code broadcastId} is null; empty when nothing was stored (or it belongs to another
     * stream).
     */
    public Optional<AnalyticsSnapshot> stored(String streamId, UUID broadcastId) {
        Optional<AnalyticsSummary> found = broadcastId == null ? summaries.latest(streamId) : summaries.get(broadcastId);
        return found.filter(s -> s.streamId().equals(streamId)).map(s -> new AnalyticsSnapshot(s.streamId(),
                s.broadcastId().toString(), false, s.startedAt(), s.endedAt(), 0, s.peakViewers(),
                s.uniqueViewers(), s.watchSeconds(), 0, s.peakSockets(), s.chatMessages(), s.reactions(),
                minutes.list(s.broadcastId(), MAX_STORED_MINUTES)));
    }

    /** Current viewer sessions per stream, for broadcasts whose figures are not final (sorted by stream). */
    public Map<String, Integer> currentViewersByStream() {
        Map<String, Integer> out = new TreeMap<>();
        for (BroadcastStats s : active.values()) {
            out.merge(s.streamId(), s.currentViewers(), Integer::sum);
        }
        return out;
    }

    /** A JSON snapshot for the admin API: settings and the tracked broadcasts' headline figures. */
    public JsonObject describe() {
        JsonArray list = new JsonArray();
        for (BroadcastStats s : active.values()) {
            AnalyticsSnapshot a = s.snapshot(!s.isEnded());
            list.add(new JsonObject().put("streamId", a.streamId()).put("broadcastId", a.broadcastId())
                    .put("live", a.live()).put("currentViewers", a.currentViewers()).put("peakViewers", a.peakViewers())
                    .put("uniqueViewers", a.uniqueViewers()));
        }
        return new JsonObject().put("idleTimeoutSeconds", config.idleTimeout().toMillis() / 1000.0)
                .put("broadcasts", list);
    }
}
