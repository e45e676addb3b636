// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.analytics.AnalyticsSnapshot;
import dev.livepipe.analytics.ViewerAnalytics;
import dev.livepipe.storage.analytics.AnalyticsMinute;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code GET /api/streams/{id}/analytics[?broadcast={broadcastId}]}: viewer analytics of one
 * broadcast of the stream (see {@code docs/analytics.md}). Without {@code broadcast}: the stream's
 * current broadcast, else its newest one with figures; a stream that never had one answers zeros
 * with {@code broadcastId: null}. 404 for an unknown stream or a broadcast of another stream or
 * without figures; 400 for a malformed broadcast id.
 *
 * <p>Threading: handlers run on the event loop; live figures come from memory, stored ones from
 * PostgreSQL on a worker thread. The caller puts admin authentication in front.
 */
public final class AnalyticsApi {

    private final Vertx vertx;
    private final StreamRepository streams;
    private final ViewerAnalytics analytics;

    public AnalyticsApi(Vertx vertx, StreamRepository streams, ViewerAnalytics analytics) {
        this.vertx = vertx;
        this.streams = streams;
        this.analytics = analytics;
    }

    /** Adds the route. */
    public void mount(Router router) {
        router.get("/api/streams/:id/analytics").handler(this::get);
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String raw = ctx.request().getParam("broadcast");
        UUID broadcast = null;
        if (raw != null && !raw.isBlank()) {
            try {
                broadcast = UUID.fromString(raw);
            } catch (IllegalArgumentException e) {
                ApiErrors.reply(ctx, 400, "broadcast must be a broadcast id (UUID)");
                return;
            }
        }
        Optional<AnalyticsSnapshot> memory = broadcast == null ? analytics.latest(id)
                : analytics.inMemory(broadcast.toString()).filter(s -> s.streamId().equals(id));
        if (memory.isPresent()) {
            ctx.json(json(memory.get()));
            return;
        }
        UUID wanted = broadcast;
        vertx.executeBlocking(() -> {
            if (streams.get(id).isEmpty()) {
                return null;
            }
            return analytics.stored(id, wanted);
        }, false).onSuccess(found -> {
            if (found == null) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
            } else if (found.isPresent()) {
                ctx.json(json(found.get()));
            } else if (wanted != null) {
                ApiErrors.reply(ctx, 404, "no analytics for broadcast " + wanted + " of stream " + id);
            } else {
                ctx.json(empty(id));
            }
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    /** The reply for one broadcast. */
    static JsonObject json(AnalyticsSnapshot s) {
        JsonArray series = new JsonArray();
        for (AnalyticsMinute m : s.series()) {
            series.add(new JsonObject().put("minute", m.minute().toString()).put("viewers", m.viewers())
                    .put("peakViewers", m.peakViewers()).put("sockets", m.sockets())
                    .put("chatMessages", m.chatMessages()).put("reactions", m.reactions())
                    .put("watchTimeSeconds", round(m.watchSeconds())));
        }
        return new JsonObject().put("streamId", s.streamId()).put("broadcastId", s.broadcastId())
                .put("live", s.live())
                .put("startedAt", s.startedAt().toString())
                .put("endedAt", s.endedAt() == null ? null : s.endedAt().toString())
                .put("currentViewers", s.currentViewers()).put("peakViewers", s.peakViewers())
                .put("uniqueViewers", s.uniqueViewers()).put("watchTimeSeconds", round(s.watchSeconds()))
                .put("averageWatchSeconds", round(s.averageWatchSeconds()))
                .put("sockets", s.sockets()).put("peakSockets", s.peakSockets())
                .put("chatMessages", s.chatMessages()).put("reactions", s.reactions())
                .put("series", series);
    }

    private static JsonObject empty(String streamId) {
        return new JsonObject().put("streamId", streamId).put("broadcastId", null).put("live", false)
                .put("startedAt", null).put("endedAt", null)
                .put("currentViewers", 0).put("peakViewers", 0).put("uniqueViewers", 0)
                .put("watchTimeSeconds", 0.0).put("averageWatchSeconds", 0.0).put("sockets", 0)
                .put("peakSockets", 0).put("chatMessages", 0).put("reactions", 0).put("series", new JsonArray());
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
