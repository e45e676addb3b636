// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.server.auth.AdminAuth;
import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.retention.PreviewResult;
import dev.livepipe.storage.retention.RetentionPolicy;
import dev.livepipe.storage.retention.RetentionPolicyConflictException;
import dev.livepipe.storage.retention.RetentionPolicyRepository;
import dev.livepipe.storage.retention.RetentionPreview;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Retention policies under {@code /api/retention-policies} (create, list, update, delete, make
 * default) and {@code GET /api/retention/preview?until=…} (what the sweeper will have deleted by
 * then). Changes are audited. The shortening rule is documented in {@code docs/retention.md}.
 *
 * <p>Threading: handlers on the event loop; JDBC on worker threads.
 */
public final class RetentionApi {

    private final Vertx vertx;
    private final RetentionPolicyRepository policies;
    private final RetentionPreview preview;
    private final AuditLog audit;

    public RetentionApi(Vertx vertx, RetentionPolicyRepository policies, RetentionPreview preview, AuditLog audit) {
        this.vertx = vertx;
        this.policies = policies;
        this.preview = preview;
        this.audit = audit;
    }

    /** Adds the routes (behind the admin guard and the body handler). */
    public void mount(Router router) {
        router.get("/api/retention-policies").handler(ctx -> reply(ctx, 200,
                blocking(() -> array(policies.list()))));
        router.post("/api/retention-policies").handler(this::create);
        router.get("/api/retention-policies/:id").handler(this::get);
        router.put("/api/retention-policies/:id").handler(this::update);
        router.delete("/api/retention-policies/:id").handler(this::delete);
        router.post("/api/retention-policies/:id/default").handler(this::makeDefault);
        router.get("/api/retention/preview").handler(this::preview);
    }

    /** The JSON shape of a policy. */
    static JsonObject json(RetentionPolicy p) {
        return new JsonObject().put("id", p.id()).put("name", p.name())
                .put("retentionSeconds", p.retention().toSeconds()).put("description", p.description())
                .put("isDefault", p.isDefault()).put("createdAt", p.createdAt().toString())
                .put("updatedAt", p.updatedAt().toString());
    }

    private static JsonArray array(java.util.List<RetentionPolicy> list) {
        JsonArray out = new JsonArray();
        list.forEach(p -> out.add(json(p)));
        return out;
    }

    /** Validated fields of a create/update body, or null after a 4xx reply. */
    private record Fields(String name, Duration retention, String description) {
        static Fields parse(RoutingContext ctx) {
            JsonObject body = JsonBodies.object(ctx);
            if (body == null) {
                return null;
            }
            if (!(body.getValue("name") instanceof String name) || name.isBlank()) {
                ApiErrors.reply(ctx, 400, "name is required");
                return null;
            }
            if (!(body.getValue("retentionSeconds") instanceof Number seconds) || seconds.longValue() <= 0) {
                ApiErrors.reply(ctx, 400, "retentionSeconds must be a positive number of seconds");
                return null;
            }
            Object description = body.getValue("description");
            if (description != null && !(description instanceof String)) {
                ApiErrors.reply(ctx, 400, "description must be text");
                return null;
            }
            return new Fields(name.strip(), Duration.ofSeconds(seconds.longValue()),
                    description == null ? "" : (String) description);
        }
    }

    private void create(RoutingContext ctx) {
        Fields f = Fields.parse(ctx);
        if (f == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        reply(ctx, 201, blocking(() -> {
            RetentionPolicy p = policies.create(f.name(), f.retention(), f.description());
            audit.record(actor, "retention_policy.created", "retention_policy", Long.toString(p.id()),
                    json(p).encode());
            return json(p);
        }));
    }

    private void get(RoutingContext ctx) {
        Long id = policyId(ctx);
        if (id != null) {
            reply(ctx, 200, blocking(() -> policies.get(id).map(RetentionApi::json).orElse(null)));
        }
    }

    private void update(RoutingContext ctx) {
        Long id = policyId(ctx);
        Fields f = id == null ? null : Fields.parse(ctx);
        if (f == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        reply(ctx, 200, blocking(() -> {
            Optional<RetentionPolicy> p = policies.update(id, f.name(), f.retention(), f.description());
            p.ifPresent(x -> audit.record(actor, "retention_policy.updated", "retention_policy", id.toString(),
                    json(x).encode()));
            return p.map(RetentionApi::json).orElse(null);
        }));
    }

    private void delete(RoutingContext ctx) {
        Long id = policyId(ctx);
        if (id == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        blocking(() -> {
            boolean deleted = policies.delete(id);
            if (deleted) {
                audit.record(actor, "retention_policy.deleted", "retention_policy", id.toString(), null);
            }
            return deleted;
        }).onSuccess(deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ApiErrors.reply(ctx, 404, "no retention policy " + id);
            }
        }).onFailure(e -> failure(ctx, e));
    }

    private void makeDefault(RoutingContext ctx) {
        Long id = policyId(ctx);
        if (id == null) {
            return;
        }
        String actor = ctx.get(AdminAuth.ACTOR);
        reply(ctx, 200, blocking(() -> {
            Optional<RetentionPolicy> p = policies.setDefault(id);
            p.ifPresent(x -> audit.record(actor, "retention_policy.made_default", "retention_policy",
                    id.toString(), null));
            return p.map(RetentionApi::json).orElse(null);
        }));
    }

    private void preview(RoutingContext ctx) {
        Optional<Instant> until = QueryParams.instant(ctx, "until");
        if (until == null) {
            return;
        }
        int limit = QueryParams.limit(ctx, 1000, RetentionPreview.MAX_LIMIT);
        if (limit < 0) {
            return;
        }
        Instant at = until.orElse(Instant.now());
        reply(ctx, 200, blocking(() -> {
            PreviewResult r = preview.until(at, limit);
            JsonArray recordings = new JsonArray();
            r.recordings().forEach(x -> recordings.add(RecordingJson.of(x)));
            return new JsonObject().put("until", r.until().toString()).put("count", r.count())
                    .put("bytes", r.bytes()).put("recordings", recordings);
        }));
    }

    private static Long policyId(RoutingContext ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ApiErrors.reply(ctx, 404, "no retention policy " + ctx.pathParam("id"));
            return null;
        }
    }

    private <T> Future<T> blocking(Callable<T> call) {
        return vertx.executeBlocking(call, false);
    }

    /** Replies {@code status} with the JSON, 404 when it is null, 400/409 for the repository's refusals. */
    private static void reply(RoutingContext ctx, int status, Future<?> result) {
        result.onSuccess(json -> {
            if (json == null) {
                ApiErrors.reply(ctx, 404, "no such retention policy");
            } else {
                ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                        .end(json instanceof JsonObject o ? o.encode() : ((JsonArray) json).encode());
            }
        }).onFailure(e -> failure(ctx, e));
    }

    private static void failure(RoutingContext ctx, Throwable e) {
        if (e instanceof RetentionPolicyConflictException) {
            ApiErrors.reply(ctx, 409, e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            ApiErrors.reply(ctx, 400, e.getMessage());
        } else {
            ApiErrors.internal(ctx, e);
        }
    }
}
