// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.server.auth.JwtTokens;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST /api/tokens} (admin): issues a signed token {@code {"name", "role", "ttlSeconds"}}
 * for people and tools that should not hold the admin token itself (an operator with the admin
 * role, a moderator, a broadcaster).
 */
public final class TokensApi {

    private static final long MAX_TTL_SECONDS = 30L * 24 * 3600;

    private final JwtTokens tokens;

    public TokensApi(JwtTokens tokens) {
        this.tokens = tokens;
    }

    /** Adds the route (behind the admin guard). */
    public void mount(Router router) {
        router.post("/api/tokens").handler(this::issue);
    }

    private void issue(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        if (body == null) {
            return;
        }
        String name = body.getValue("name") instanceof String s ? s.strip() : "";
        String role = body.getValue("role") instanceof String r ? r : "";
        long ttl = body.getValue("ttlSeconds") instanceof Number n ? n.longValue() : 3600;
        if (name.isEmpty() || name.length() > 100) {
            ApiErrors.reply(ctx, 400, "name must be 1 to 100 characters");
        } else if (!JwtTokens.ROLES.contains(role)) {
            ApiErrors.reply(ctx, 400, "role must be one of " + JwtTokens.ROLES);
        } else if (ttl <= 0 || ttl > MAX_TTL_SECONDS) {
            ApiErrors.reply(ctx, 400, "ttlSeconds must be between 1 and " + MAX_TTL_SECONDS);
        } else {
            String token = tokens.issue(name, role, Duration.ofSeconds(ttl), new JsonObject());
            ctx.response().setStatusCode(201);
            ctx.json(new JsonObject().put("token", token).put("role", role).put("name", name)
                    .put("expiresAt", Instant.now().plusSeconds(ttl).toString()));
        }
    }
}
