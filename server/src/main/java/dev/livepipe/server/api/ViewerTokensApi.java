// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.server.auth.JwtTokens;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;

/**
 * {@code POST /api/streams/{id}/viewer-tokens} (behind the admin guard): issues a signed token
 * for one stream's chat with a name and a role ({@code viewer}, {@code moderator} or
 * {@code broadcaster}). Body {@code {"name": "…", "role": "viewer", "ttlSeconds": 86400}};
 * answers 201 {@code {token, name, role, userId, streamId, expiresAt}}.
 *
 * <p>Each token gets its own user id (claim {@code uid}), so two people with the same name
 * are two users to moderation; the claim {@code stream} binds it to the stream.
 *
 * <p>Threading: the stream lookup runs on a worker; signing is on the event loop.
 */
public final class ViewerTokensApi {

    /** Roles a viewer token may carry. */
    public static final Set<String> ROLES = Set.of("viewer", "moderator", "broadcaster");
    static final long DEFAULT_TTL_SECONDS = 86_400;
    static final long MAX_TTL_SECONDS = 30L * 86_400;
    static final int MAX_NAME = 40;

    private final Vertx vertx;
    private final StreamRepository streams;
    private final JwtTokens tokens;
    private final SecureRandom random = new SecureRandom();

    public ViewerTokensApi(Vertx vertx, StreamRepository streams, JwtTokens tokens) {
        this.vertx = vertx;
        this.streams = streams;
        this.tokens = tokens;
    }

    /** Adds the route (behind the admin guard). */
    public void mount(Router router) {
        router.post("/api/streams/:id/viewer-tokens").handler(this::issue);
    }

    private void issue(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx);
        if (body == null) {
            return;
        }
        String name = body.getValue("name") instanceof String s ? s.strip() : "";
        String role = body.getValue("role") instanceof String r ? r : "viewer";
        long ttl = body.getValue("ttlSeconds") instanceof Number n ? n.longValue() : DEFAULT_TTL_SECONDS;
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            ApiErrors.reply(ctx, 400, "name must be 1 to " + MAX_NAME + " characters without control characters");
            return;
        }
        if (!ROLES.contains(role)) {
            ApiErrors.reply(ctx, 400, "role must be one of viewer, moderator, broadcaster");
            return;
        }
        if (ttl <= 0 || ttl > MAX_TTL_SECONDS) {
            ApiErrors.reply(ctx, 400, "ttlSeconds must be between 1 and " + MAX_TTL_SECONDS);
            return;
        }
        String streamId = ctx.pathParam("id");
        vertx.executeBlocking(() -> streams.get(streamId).isPresent()).onComplete(found -> {
            if (found.failed()) {
                ApiErrors.internal(ctx, found.cause());
            } else if (!found.result()) {
                ApiErrors.reply(ctx, 404, "no such stream");
            } else {
                String uid = newUserId();
                String token = tokens.issue(name, role, Duration.ofSeconds(ttl),
                        new JsonObject().put("uid", uid).put("stream", streamId));
                ctx.response().setStatusCode(201);
                ctx.json(new JsonObject().put("token", token).put("name", name).put("role", role)
                        .put("userId", "user:" + uid).put("streamId", streamId)
                        .put("expiresAt", Instant.now().plusSeconds(ttl).toString()));
            }
        });
    }

    private String newUserId() {
        byte[] b = new byte[9];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
