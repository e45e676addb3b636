// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.storage.streams.StreamInfo;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The public, unauthenticated view the pages use: {@code GET /api/live} lists live streams and
 * {@code GET /api/live/{id}} shows one stream's title and playback URL. Never a key, never
 * publisher details.
 */
public final class LiveApi {

    private final Vertx vertx;
    private final StreamRepository streams;
    private final Broadcasts broadcasts;
    private final PublicUrls urls;

    public LiveApi(Vertx vertx, StreamRepository streams, Broadcasts broadcasts, PublicUrls urls) {
        this.vertx = vertx;
        this.streams = streams;
        this.broadcasts = broadcasts;
        this.urls = urls;
    }

    /** Adds the routes. */
    public void mount(Router router) {
        router.get("/api/live").handler(this::list);
        router.get("/api/live/:id").handler(this::get);
    }

    private void list(RoutingContext ctx) {
        List<Broadcast> live = broadcasts.all();
        // Only the live streams' rows: this public endpoint is polled by every open index page.
        List<String> ids = live.stream().map(Broadcast::streamId).toList();
        vertx.executeBlocking(() -> streams.getAll(ids), false).onSuccess(records -> {
            Map<String, StreamInfo> byId = records.stream()
                    .collect(Collectors.toMap(StreamInfo::id, Function.identity()));
            JsonArray out = new JsonArray();
            live.stream().sorted(Comparator.comparing(Broadcast::startedAt).reversed())
                    .filter(b -> byId.containsKey(b.streamId()))
                    .forEach(b -> out.add(view(ctx, byId.get(b.streamId()), Optional.of(b))));
            ctx.json(out);
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        vertx.executeBlocking(() -> streams.get(id), false).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
            } else {
                ctx.json(view(ctx, found.get(), broadcasts.current(id)));
            }
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private JsonObject view(RoutingContext ctx, StreamInfo s, Optional<Broadcast> b) {
        JsonObject json = new JsonObject()
                .put("id", s.id())
                .put("title", s.title())
                .put("live", b.isPresent())
                .put("status", b.map(x -> x.state().name().toLowerCase()).orElse("offline"))
                .put("hlsUrl", urls.hlsUrl(ctx.request(), s.id()))
                .put("watchUrl", urls.watchUrl(ctx.request(), s.id()));
        b.ifPresent(x -> json.put("startedAt", x.startedAt().toString()));
        return json;
    }
}
