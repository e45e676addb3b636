// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.metrics;

import dev.livepipe.analytics.ViewerAnalytics;
import dev.livepipe.hls.HlsMetrics;
import dev.livepipe.hls.SegmentTiming;
import dev.livepipe.media.Broadcast;
import dev.livepipe.media.Broadcasts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * {@code GET /metrics}: Prometheus text exposition format (0.0.4) from a Micrometer
 * {@link PrometheusMeterRegistry}. Public (no /api prefix, no token), like most exporters.
 *
 * <p>Per-stream gauges ({@code stream} label) are recomputed at every scrape from the live
 * state, so streams that went offline disappear: {@code livepipe_stream_viewers},
 * {@code livepipe_stream_sockets}, {@code livepipe_stream_ingest_bits_per_second}. Totals:
 * {@code livepipe_live_streams}, {@code livepipe_viewers}, {@code livepipe_sockets}. Counters:
 * {@code livepipe_hls_segments_total} (segments produced), {@code livepipe_hls_playlist_requests_total}
 * and {@code livepipe_hls_segment_requests_total} (viewer-session requests). Plus JVM memory,
 * threads, CPU and uptime. Names are listed in {@code docs/analytics.md}.
 *
 * <p>Threading: scrapes run on the event loop and only read in-memory state (the hub's
 * synchronized list, analytics snapshots, the sockets functions); counters may be incremented
 * from any thread.
 */
public final class PrometheusMetrics {

    /** The Prometheus text format's content type. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Broadcasts broadcasts;
    private final ViewerAnalytics analytics;
    private final ToIntFunction<String> socketsPerStream;
    private final MultiGauge viewers;
    private final MultiGauge sockets;
    private final MultiGauge bitrate;
    private final Counter segments;
    private final Counter playlistRequests;
    private final Counter segmentRequests;

    /**
     * @param socketsPerStream WebSocket connections per stream id (chat module)
     * @param totalSockets     WebSocket connections in total (chat module)
     */
    public PrometheusMetrics(Broadcasts broadcasts, ViewerAnalytics analytics, ToIntFunction<String> socketsPerStream,
                             IntSupplier totalSockets) {
        this.broadcasts = broadcasts;
        this.analytics = analytics;
        this.socketsPerStream = socketsPerStream;
        viewers = MultiGauge.builder("livepipe.stream.viewers")
                .description("Current HLS viewer sessions of the stream's broadcast").register(registry);
        sockets = MultiGauge.builder("livepipe.stream.sockets")
                .description("WebSocket (chat) connections to the stream").register(registry);
        bitrate = MultiGauge.builder("livepipe.stream.ingest.bits.per.second")
                .description("Bit rate the publisher sends, over the last 5 s of media time").register(registry);
        Gauge.builder("livepipe.live.streams", broadcasts, b -> b.all().size())
                .description("Broadcasts live or reconnecting on this node").register(registry);
        Gauge.builder("livepipe.viewers", analytics,
                        a -> a.currentViewersByStream().values().stream().mapToInt(Integer::intValue).sum())
                .description("Current HLS viewer sessions, all streams").register(registry);
        Gauge.builder("livepipe.sockets", totalSockets, IntSupplier::getAsInt)
                .description("WebSocket (chat) connections, all streams").register(registry);
        segments = Counter.builder("livepipe.hls.segments").description("HLS segments produced").register(registry);
        playlistRequests = Counter.builder("livepipe.hls.playlist.requests")
                .description("Playlists served to viewer sessions").register(registry);
        segmentRequests = Counter.builder("livepipe.hls.segment.requests")
                .description("Media segments served to viewer sessions").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Adds {@code GET /metrics} to the router. */
    public void mount(Router router) {
        router.get("/metrics").handler(this::scrape);
    }

    /** Counts produced segments (register with {@code HlsService.addMetrics}). */
    public HlsMetrics hlsMetrics() {
        return new HlsMetrics() {
            @Override
            public void onSegment(SegmentTiming timing) {
                segments.increment();
            }
        };
    }

    /** Counts a playlist served to a viewer session. */
    public void playlistServed() {
        playlistRequests.increment();
    }

    /** Counts a segment served to a viewer session. */
    public void segmentServed() {
        segmentRequests.increment();
    }

    /** The exposition text, per-stream gauges refreshed first. */
    public String scrape() {
        List<MultiGauge.Row<?>> v = new ArrayList<>();
        for (Map.Entry<String, Integer> e : analytics.currentViewersByStream().entrySet()) {
            v.add(MultiGauge.Row.of(Tags.of("stream", e.getKey()), e.getValue()));
        }
        List<MultiGauge.Row<?>> s = new ArrayList<>();
        List<MultiGauge.Row<?>> b = new ArrayList<>();
        for (Broadcast broadcast : broadcasts.all()) {
            Tags tags = Tags.of("stream", broadcast.streamId());
            s.add(MultiGauge.Row.of(tags, safe(broadcast.streamId())));
            b.add(MultiGauge.Row.of(tags, broadcast.stats().snapshot().bitrateBps()));
        }
        viewers.register(v, true);
        sockets.register(s, true);
        bitrate.register(b, true);
        return registry.scrape();
    }

    private int safe(String streamId) {
        try {
            return socketsPerStream.applyAsInt(streamId);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private void scrape(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", CONTENT_TYPE).putHeader("Cache-Control", "no-store").end(scrape());
    }
}
