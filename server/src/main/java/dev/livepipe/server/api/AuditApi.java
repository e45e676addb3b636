// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.storage.audit.AuditEvent;
import dev.livepipe.storage.audit.AuditLog;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/audit} (admin): audit events, newest first — who did what to which target and
 * when. {@code limit} (default 100, at most 1000) and {@code before} (an event id, for paging).
 */
public final class AuditApi {

    private final Vertx vertx;
    private final AuditLog audit;

    public AuditApi(Vertx vertx, AuditLog audit) {
        this.vertx = vertx;
        this.audit = audit;
    }

    /** Adds the route (behind the admin guard). */
    public void mount(Router router) {
        router.get("/api/audit").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        int limit = QueryParams.limit(ctx, 100, 1000);
        if (limit < 0) {
            return;
        }
        String before = ctx.request().getParam("before");
        long beforeId;
        try {
            beforeId = before == null || before.isBlank() ? -1 : Long.parseLong(before);
        } catch (NumberFormatException e) {
            ApiErrors.reply(ctx, 400, "before must be an event id");
            return;
        }
        vertx.executeBlocking(() -> beforeId < 0 ? audit.list(limit) : audit.listBefore(beforeId, limit), false)
                .onSuccess(events -> ctx.json(json(events)))
                .onFailure(e -> ApiErrors.internal(ctx, e));
    }

    private static JsonArray json(List<AuditEvent> events) {
        JsonArray out = new JsonArray();
        for (AuditEvent e : events) {
            out.add(new JsonObject().put("id", e.id()).put("at", e.at().toString()).put("actor", e.actor())
                    .put("action", e.action()).put("targetType", e.targetType()).put("targetId", e.targetId())
                    .put("detail", e.detail() == null ? null : new JsonObject(e.detail())));
        }
        return out;
    }
}
