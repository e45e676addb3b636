// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.media.Broadcasts;
import dev.livepipe.storage.streams.StreamInfo;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Callable;

/**
 * The admin streams API under {@code /api/streams}: create, list, show, rotate key, delete.
 * The stream key appears only in the replies to create and rotate.
 *
 * <p>Threading: handlers run on the event loop; repository calls (JDBC) run on worker threads.
 */
public final class StreamsApi {

    private static final int MAX_TITLE = 200;

    private final Vertx vertx;
    private final StreamRepository streams;
    private final Broadcasts broadcasts;
    private final PublicUrls urls;

    public StreamsApi(Vertx vertx, StreamRepository streams, Broadcasts broadcasts, PublicUrls urls) {
        this.vertx = vertx;
        this.streams = streams;
        this.broadcasts = broadcasts;
        this.urls = urls;
    }

    /** Adds the routes; the caller has already put admin authentication and a body handler in front. */
    public void mount(Router router) {
        router.post("/api/streams").handler(this::create);
        router.get("/api/streams").handler(this::list);
        router.get("/api/streams/:id").handler(this::get);
        router.post("/api/streams/:id/key").handler(this::rotate);
        router.delete("/api/streams/:id").handler(this::delete);
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        if (body == null) {
            return;
        }
        Object rawTitle = body.getValue("title");
        if (!(rawTitle instanceof String title) || title.isBlank() || title.length() > MAX_TITLE) {
            ApiErrors.reply(ctx, 400, "title must be a non-empty string of at most " + MAX_TITLE + " characters");
            return;
        }
        blocking(() -> streams.create(title.strip())).onSuccess(created -> {
            JsonObject json = view(ctx, created.stream()).put("streamKey", created.key().reveal());
            ctx.response().setStatusCode(201)
                    .putHeader("Location", "/api/streams/" + created.stream().id());
            ctx.json(json);
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void list(RoutingContext ctx) {
        blocking(streams::list).onSuccess(all -> {
            JsonArray out = new JsonArray();
            all.forEach(s -> out.add(view(ctx, s)));
            ctx.json(out);
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking(() -> streams.get(id)).onSuccess(found -> {
            if (found.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
            } else {
                ctx.json(view(ctx, found.get()));
            }
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void rotate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking(() -> streams.rotateKey(id)).onSuccess(key -> {
            if (key.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
                return;
            }
            // A publish that used the old key ends now; reconnecting with it will be refused.
            broadcasts.end(id, "stream key rotated");
            blocking(() -> streams.get(id)).onSuccess(s -> s.ifPresentOrElse(
                    rec -> ctx.json(view(ctx, rec).put("streamKey", key.get().reveal())),
                    () -> ApiErrors.reply(ctx, 404, "no stream " + id)))
                    .onFailure(e -> ApiErrors.internal(ctx, e));
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        blocking(() -> streams.delete(id)).onSuccess(deleted -> {
            if (!deleted) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
                return;
            }
            broadcasts.end(id, "stream deleted");
            ctx.response().setStatusCode(204).end();
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private JsonObject view(RoutingContext ctx, StreamInfo s) {
        JsonObject json = new JsonObject()
                .put("id", s.id())
                .put("title", s.title())
                .put("createdAt", s.createdAt().toString())
                .put("rtmpUrl", urls.rtmpUrl(ctx.request()))
                .put("hlsUrl", urls.hlsUrl(ctx.request(), s.id()))
                .put("watchUrl", urls.watchUrl(ctx.request(), s.id()));
        broadcasts.current(s.id()).ifPresentOrElse(b -> {
            json.put("live", true).put("status", b.state().name().toLowerCase());
            json.put("broadcast", IngestJson.broadcast(b));
        }, () -> json.put("live", false).put("status", "offline"));
        return json;
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }
}
