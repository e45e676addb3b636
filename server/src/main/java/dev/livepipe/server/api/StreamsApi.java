// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.media.Broadcasts;
import dev.livepipe.server.auth.AdminAuth;
import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.retention.RetentionPolicyRepository;
import dev.livepipe.storage.retention.StreamPolicy;
import dev.livepipe.storage.streams.StreamInfo;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The admin streams API under {@code /api/streams}: create, list, show, update (title, retention
 * policy), rotate key, delete. The stream key appears only in the replies to create and rotate.
 * Changes are audited (never with the key).
 *
 * <p>Threading: handlers run on the event loop; repository calls (JDBC) run on worker threads.
 */
public final class StreamsApi {

    private static final int MAX_TITLE = 200;

    private final Vertx vertx;
    private final StreamRepository streams;
    private final RetentionPolicyRepository policies;
    private final Broadcasts broadcasts;
    private final PublicUrls urls;
    private final AuditLog audit;

    /** A stored stream with the retention policy that governs it. */
    private record Stored(StreamInfo info, StreamPolicy policy) {
    }

    public StreamsApi(Vertx vertx, StreamRepository streams, RetentionPolicyRepository policies,
                      Broadcasts broadcasts, PublicUrls urls, AuditLog audit) {
        this.vertx = vertx;
        this.streams = streams;
        this.policies = policies;
        this.broadcasts = broadcasts;
        this.urls = urls;
        this.audit = audit;
    }

    /** Adds the routes; the caller has already put admin authentication and a body handler in front. */
    public void mount(Router router) {
        router.post("/api/streams").handler(this::create);
        router.get("/api/streams").handler(this::list);
        router.get("/api/streams/:id").handler(this::get);
        router.put("/api/streams/:id").handler(this::update);
        router.post("/api/streams/:id/key").handler(this::rotate);
        router.delete("/api/streams/:id").handler(this::delete);
    }

    private static String validTitle(RoutingContext ctx, Object raw) {
        if (!(raw instanceof String title) || title.isBlank() || title.length() > MAX_TITLE) {
            ApiErrors.reply(ctx, 400, "title must be a non-empty string of at most " + MAX_TITLE + " characters");
            return null;
        }
        return title.strip();
    }

    private void create(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        String title = body == null ? null : validTitle(ctx, body.getValue("title"));
        if (title == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        blocking(() -> {
            var created = streams.create(title);
            audit.record(actor, "stream.created", "stream", created.stream().id(),
                    new JsonObject().put("title", created.stream().title()).encode());
            return new Object[] {load(created.stream()), created.key().reveal()};
        }).onSuccess(result -> {
            Stored stored = (Stored) result[0];
            ctx.response().setStatusCode(201).putHeader("Location", "/api/streams/" + stored.info().id());
            ctx.json(view(ctx, stored).put("streamKey", result[1]));
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void list(RoutingContext ctx) {
        blocking(() -> {
            List<Stored> out = new ArrayList<>();
            for (StreamInfo s : streams.list()) {
                out.add(load(s));
            }
            return out;
        }).onSuccess(all -> {
            JsonArray out = new JsonArray();
            all.forEach(s -> out.add(view(ctx, s)));
            ctx.json(out);
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void get(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        replyStream(ctx, id, blocking(() -> streams.get(id).map(this::load)));
    }

    private void update(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        JsonObject body = JsonBodies.object(ctx);
        if (body == null) {
            return;
        }
        String title = null;
        if (body.containsKey("title") && (title = validTitle(ctx, body.getValue("title"))) == null) {
            return;
        }
        boolean assign = body.containsKey("retentionPolicyId");
        Object rawPolicy = body.getValue("retentionPolicyId");
        if (assign && rawPolicy != null && !(rawPolicy instanceof Number)) {
            ApiErrors.reply(ctx, 400, "retentionPolicyId must be a policy id or null (the default policy)");
            return;
        }
        Long policyId = rawPolicy == null ? null : ((Number) rawPolicy).longValue();
        String newTitle = title;
        String actor = ctx.get(AdminAuth.ACTOR);
        replyStream(ctx, id, blocking(() -> {
            if (streams.get(id).isEmpty()) {
                return Optional.<Stored>empty();
            }
            if (newTitle != null) {
                streams.updateTitle(id, newTitle);
            }
            if (assign) {
                policies.assign(id, policyId);
            }
            audit.record(actor, "stream.updated", "stream", id, body.encode());
            return streams.get(id).map(this::load);
        }));
    }

    private void rotate(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String actor = ctx.get(AdminAuth.ACTOR);
        blocking(() -> {
            var key = streams.rotateKey(id);
            if (key.isEmpty()) {
                return null;
            }
            audit.record(actor, "stream.key_rotated", "stream", id, null);
            return new Object[] {streams.get(id).map(this::load).orElseThrow(), key.get().reveal()};
        }).onSuccess(result -> {
            if (result == null) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
                return;
            }
            // A publish that used the old key ends now; reconnecting with it will be refused.
            broadcasts.end(id, "stream key rotated");
            ctx.json(view(ctx, (Stored) result[0]).put("streamKey", result[1]));
        }).onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        String actor = ctx.get(AdminAuth.ACTOR);
        blocking(() -> {
            boolean deleted = streams.delete(id);
            if (deleted) {
                audit.record(actor, "stream.deleted", "stream", id, null);
            }
            return deleted;
        }).onSuccess(deleted -> {
            if (!deleted) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
                return;
            }
            broadcasts.end(id, "stream deleted");
            ctx.response().setStatusCode(204).end();
        }).onFailure(e -> failure(ctx, e));
    }

    /** Blocking: the stream with its effective retention policy. */
    private Stored load(StreamInfo s) {
        return new Stored(s, policies.streamPolicy(s.id()).orElse(null));
    }

    private void replyStream(RoutingContext ctx, String id, Future<Optional<Stored>> found) {
        found.onSuccess(s -> {
            if (s.isEmpty()) {
                ApiErrors.reply(ctx, 404, "no stream " + id);
            } else {
                ctx.json(view(ctx, s.get()));
            }
        }).onFailure(e -> failure(ctx, e));
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof IllegalArgumentException) {
            ApiErrors.reply(ctx, 400, e.getMessage());
        } else {
            ApiErrors.internal(ctx, e);
        }
    }

    private JsonObject view(RoutingContext ctx, Stored stored) {
        StreamInfo s = stored.info();
        JsonObject json = new JsonObject()
                .put("id", s.id())
                .put("title", s.title())
                .put("createdAt", s.createdAt().toString())
                .put("rtmpUrl", urls.rtmpUrl(ctx.request()))
                .put("whipUrl", urls.httpBase(ctx.request()) + "/whip/" + s.id())
                .put("hlsUrl", urls.hlsUrl(ctx.request(), s.id()))
                .put("watchUrl", urls.watchUrl(ctx.request(), s.id()));
        if (stored.policy() != null) {
            json.put("retentionPolicyId", stored.policy().assignedPolicyId());
            json.put("retentionPolicy", new JsonObject().put("id", stored.policy().effective().id())
                    .put("name", stored.policy().effective().name()));
        }
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
