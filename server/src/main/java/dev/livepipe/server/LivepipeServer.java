// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.analytics.AnalyticsConfig;
import dev.livepipe.chat.ChatConfig;
import dev.livepipe.chat.ChatService;
import dev.livepipe.analytics.ViewerAnalytics;
import dev.livepipe.egress.recorder.Recorder;
import dev.livepipe.egress.recorder.RecorderConfig;
import dev.livepipe.egress.recorder.RepositoryRecordingStore;
import dev.livepipe.hls.HlsConfig;
import dev.livepipe.hls.HlsService;
import dev.livepipe.ingest.VertxScheduler;
import dev.livepipe.ingest.whip.WhipIngest;
import dev.livepipe.ingest.whip.http.WhipConfig;
import dev.livepipe.ingest.whip.http.WhipHttp;
import dev.livepipe.ingest.whip.rtp.RtpReceiverConfig;
import dev.livepipe.ingest.whip.transport.WebRtcTransportConfig;
import dev.livepipe.ingest.whip.transport.WebRtcTransports;
import dev.livepipe.ingest.rtmp.RtmpServer;
import dev.livepipe.ingest.rtmp.RtmpServerConfig;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.SerialExecutor;
import dev.livepipe.server.api.AnalyticsApi;
import dev.livepipe.server.api.HealthApi;
import dev.livepipe.server.api.PublicUrls;
import dev.livepipe.server.auth.AdminToken;
import dev.livepipe.server.auth.GuestIdentities;
import dev.livepipe.server.auth.JwtTokens;
import dev.livepipe.server.chat.ChatIdentityResolver;
import dev.livepipe.server.chat.ChatRoutes;
import dev.livepipe.server.chat.StreamStatusAnnouncer;
import dev.livepipe.server.config.ServerConfig;
import dev.livepipe.server.metrics.PrometheusMetrics;
import dev.livepipe.storage.Storage;
import dev.livepipe.storage.StorageConfig;
import dev.livepipe.storage.analytics.AnalyticsMinuteRepository;
import dev.livepipe.storage.analytics.AnalyticsSummaryRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: starts storage (embedded or external), the broadcast hub, live HLS, the
 * RTMP ingest and the HTTP server, and stops them in reverse order.
 *
 * <p>Start order: the HTTP server listens first and answers {@code /health} with 503 and the
 * reason until everything else is ready, then switches to the full router.
 */
public final class LivepipeServer {

    private static final Logger LOG = LoggerFactory.getLogger(LivepipeServer.class);
    /** One HTTP server per event loop (Vert.x's default pool: two per core). */
    private static final int HTTP_INSTANCES = 2 * Runtime.getRuntime().availableProcessors();

    private final Vertx vertx;
    private final ServerConfig config;
    private final StorageConfig storageConfig;
    private final HealthApi health = new HealthApi();
    private final AtomicReference<Router> activeRouter = new AtomicReference<>();
    private final ExecutorService blockingTasks = Executors.newVirtualThreadPerTaskExecutor();
    private Storage storage;
    private Broadcasts broadcasts;
    private HlsService hls;
    private ViewerAnalytics analytics;
    private ChatService chat;
    private final ChatConfig chatConfig;
    private PrometheusMetrics metrics;
    private RtmpServer rtmp;
    private RetentionSchedule retention;
    private Recorder recorder;
    private final WebRtcTransportConfig webrtcConfig;
    private WebRtcTransports webrtc;
    private WhipHttp whip;
    private HttpListeners http;

    /** A server with the default chat limits. */
    public LivepipeServer(Vertx vertx, ServerConfig config, StorageConfig storageConfig,
                          WebRtcTransportConfig webrtcConfig) {
        this(vertx, config, storageConfig, webrtcConfig, ChatConfig.defaults());
    }

    public LivepipeServer(Vertx vertx, ServerConfig config, StorageConfig storageConfig,
                          WebRtcTransportConfig webrtcConfig, ChatConfig chatConfig) {
        this.chatConfig = chatConfig;
        this.vertx = vertx;
        this.config = config;
        this.storageConfig = storageConfig;
        this.webrtcConfig = webrtcConfig;
    }

    /** Starts everything; the future completes when the service is ready. */
    public Future<Void> start() {
        health.set("storage", "starting");
        health.set("rtmp", "starting");
        Router boot = Router.router(vertx);
        health.mount(boot);
        boot.route().handler(ctx -> ctx.response().setStatusCode(503).end("starting\n"));
        activeRouter.set(boot);
        // Chat is the only WebSocket: its subprotocol and frame limit (docs/chat-protocol.md). The
        // WebSocket layer stops frames above twice the limit unread (1009); the chat handler
        // answers those in between as abusive (1008). Compression is declined although browsers
        // offer it: each socket would deflate every fanned-out message on its own, with its own
        // zlib state (measured at 10k sockets: RSS +126 KiB per socket, and the server fell
        // behind at 10 msg/s; docs/benchmarks.md, "Chat fan-out").
        HttpServerOptions httpOptions = new HttpServerOptions()
                .setMaxWebSocketFrameSize(2 * chatConfig.maxFrameBytes())
                .setMaxWebSocketMessageSize(2 * chatConfig.maxFrameBytes())
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setWebSocketSubProtocols(List.of(ChatService.SUBPROTOCOL));
        http = new HttpListeners(vertx, httpOptions, req -> activeRouter.get().handle(req));
        return http.start(config.httpHost(), config.httpPort(), HTTP_INSTANCES)
                .compose(port -> {
                    LOG.info("HTTP listening on {}:{} ({} event loops)", config.httpHost(), port, HTTP_INSTANCES);
                    return vertx.executeBlocking(this::startStorage);
                })
                .compose(secrets -> {
                    health.set("storage", null);
                    broadcasts = new Broadcasts(
                            new BroadcastsConfig(config.reconnectGrace(), BroadcastsConfig.defaults().readerCapacity()),
                            new VertxScheduler(vertx), Clock.systemUTC());
                    broadcasts.addListener(new BroadcastJournal(storage.broadcasts(), new SerialExecutor(blockingTasks)));
                    retention = new RetentionSchedule(vertx, storage.newSweeper());
                    StreamStatusAnnouncer status = new StreamStatusAnnouncer(vertx.eventBus(), broadcasts);
                    broadcasts.addListener(status);
                    chat = new ChatService(vertx, chatConfig, storage.database(), blockingTasks, status::current,
                            Clock.systemUTC());
                    hls = new HlsService(vertx, HlsConfig.of(config.hlsSegment(), config.hlsWindow()));
                    broadcasts.addListener(hls);
                    // Viewer analytics from HLS sessions, engagement from the event bus, /metrics.
                    analytics = new ViewerAnalytics(vertx, AnalyticsConfig.defaults().withIdleTimeout(config.viewerIdle()),
                            Clock.systemUTC(), new AnalyticsMinuteRepository(storage.database().dsl()),
                            new AnalyticsSummaryRepository(storage.database().dsl(), Clock.systemUTC()),
                            chat::sockets);
                    broadcasts.addListener(analytics);
                    metrics = new PrometheusMetrics(broadcasts, analytics, chat::sockets, chat::sockets);
                    hls.addMetrics(metrics.hlsMetrics());
                    hls.setAccessListener(new HlsViewerBridge(analytics, metrics));
                    if (config.recording()) {
                        broadcasts.addListener(recorder);
                    } else {
                        LOG.info("Recording is off (LIVEPIPE_RECORDING=off): broadcasts are not recorded");
                    }
                    health.addCheck("disk", recorder.diskGuard()::problem);
                    rtmp = new RtmpServer(vertx, rtmpConfig(),
                            new StreamKeyAuthorizer(vertx, storage.streams()), broadcasts);
                    webrtc = new WebRtcTransports(webrtcConfig);
                    WhipIngest ingest = new WhipIngest(webrtc, broadcasts, RtpReceiverConfig.defaults(), blockingTasks,
                            new VertxScheduler(vertx), config.hlsSegment());
                    whip = new WhipHttp(vertx, WhipConfig.defaults(), new StreamKeyAuthorizer(vertx, storage.streams()),
                            ingest);
                    activeRouter.set(new HttpRoutes(vertx, health, storage, broadcasts, hls, whip, urls(),
                            secrets.adminTokenHash(), secrets.tokens(), this::describe, retention::sweepNow,
                            new AnalyticsApi(vertx, storage.streams(), analytics), metrics,
                            new ChatRoutes(chat, new ChatIdentityResolver(secrets.adminTokenHash(), secrets.tokens(),
                                    secrets.guests()), secrets.guests())).router());
                    retention.start();
                    return hls.start().compose(v -> analytics.start()).compose(v -> webrtc.start())
                            .compose(v -> rtmp.start());
                })
                .onSuccess(v -> {
                    health.set("rtmp", null);
                    LOG.info("Livepipe ready: http port {}, rtmp port {}, webrtc udp port {}", httpPort(),
                            rtmp.actualPort(), webrtc.udpPort());
                })
                .onFailure(e -> LOG.error("Livepipe failed to start", e));
    }

    /** What the HTTP surface needs to authenticate requests. */
    private record Secrets(String adminTokenHash, JwtTokens tokens, GuestIdentities guests) {
    }

    private Secrets startStorage() {
        storage = new Storage(storageConfig);
        storage.start();
        recorder = new Recorder(RecorderConfig.defaults(storageConfig.dataDir()), storage.objects(),
                new RepositoryRecordingStore(storage.recordings()));
        recorder.start().toCompletionStage().toCompletableFuture().join();
        // Before RTMP accepts anyone: finish what a crash left (uploads continue in the background).
        recorder.recovery().run();
        return new Secrets(AdminToken.establish(config.adminToken(), storage.settings()),
                JwtTokens.establish(vertx, storage.settings()), GuestIdentities.establish(storage.settings()));
    }

    private RtmpServerConfig rtmpConfig() {
        RtmpServerConfig rtmpConfig = RtmpServerConfig.defaults().withAddress("0.0.0.0", config.rtmpPort());
        if (config.rtmpsEnabled()) {
            rtmpConfig = rtmpConfig.withTls(new RtmpServerConfig.Tls(config.tlsCertificate().orElseThrow(),
                    config.tlsKey().orElseThrow(), config.rtmpsPort()));
        }
        return rtmpConfig;
    }

    private PublicUrls urls() {
        return new PublicUrls(config.publicUrl(), config.publicHost(), config.rtmpPort());
    }

    /** The routes of the HTTP surface once ready (for the route-walking security test). */
    public List<Route> routes() {
        return activeRouter.get().getRoutes();
    }

    /** The HTTP port actually bound (useful with port 0). */
    public int httpPort() {
        return http.port();
    }

    /** A JSON snapshot of the running components for the admin API and logs. */
    public JsonObject describe() {
        return new JsonObject()
                .put("rtmp", rtmp == null ? null : rtmp.describe())
                .put("hls", hls == null ? null : hls.describe())
                .put("chat", chat == null ? null : chat.describe())
                .put("analytics", analytics == null ? null : analytics.describe())
                .put("recorder", recorder == null ? null : recorder.describe())
                .put("whip", whip == null ? null : whip.describe())
                .put("webrtc", webrtc == null ? null : webrtc.describe());
    }

    /**
     * Stops ingest first, ends broadcasts, stops HLS and the recorder (unfinished uploads keep
     * their spool; the next start completes them), then HTTP and storage.
     */
    public Future<Void> stop() {
        if (retention != null) {
            retention.stop();
        }
        Future<Void> f = (rtmp == null ? Future.<Void>succeededFuture() : rtmp.stop())
                .eventually(() -> whip == null ? Future.succeededFuture() : whip.closeAll())
                .eventually(() -> webrtc == null ? Future.succeededFuture() : webrtc.stop());
        return f.eventually(() -> {
            if (broadcasts != null) {
                broadcasts.endAll("server stopping");
            }
            return hls == null ? Future.succeededFuture() : hls.stop();
        }).eventually(() -> analytics == null ? Future.succeededFuture() : analytics.stop())
          .eventually(() -> recorder == null ? Future.succeededFuture() : recorder.stop())
          .eventually(() -> chat == null ? Future.succeededFuture() : chat.stop())
          .eventually(() -> http == null ? Future.succeededFuture() : http.stop())
          .eventually(() -> vertx.executeBlocking(() -> {
              // Let the journal write the "ended" rows before the database goes away.
              blockingTasks.shutdown();
              blockingTasks.awaitTermination(10, TimeUnit.SECONDS);
              if (storage != null) {
                  storage.stop();
              }
              return null;
          }));
    }
}
