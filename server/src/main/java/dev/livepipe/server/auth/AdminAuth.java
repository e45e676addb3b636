// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.auth;

import dev.livepipe.storage.streams.StreamKeys;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards admin routes: the request must carry {@code Authorization: Bearer <credential>} where
 * the credential is the admin token or a signed token ({@link JwtTokens}) with the admin role.
 * No credential or an invalid one: 401. A valid token without the admin role: 403.
 * The acting identity goes into the context under {@link #ACTOR} for audit events.
 *
 * <p>Only the SHA-256 of the admin token is held; comparison is constant-time.
 * Threading: runs on the event loop; HMAC verification only, no blocking.
 */
public final class AdminAuth implements Handler<RoutingContext> {

    /** Routing-context key of the acting identity ("admin" or the token's subject). */
    public static final String ACTOR = "livepipe.actor";

    private final String tokenHash;
    private final JwtTokens tokens;

    /**
     * @param tokenHashHex SHA-256 hex of the admin token
     * @param tokens       verifies signed tokens
     */
    public AdminAuth(String tokenHashHex, JwtTokens tokens) {
        this.tokenHash = tokenHashHex;
        this.tokens = tokens;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(ctx, 401, "admin credentials required: send Authorization: Bearer <admin token>");
            return;
        }
        String credential = header.substring(7).trim();
        if (StreamKeys.matches(credential, tokenHash)) {
            ctx.put(ACTOR, "admin");
            ctx.next();
            return;
        }
        tokens.verify(credential).onComplete(result -> {
            if (result.failed()) {
                deny(ctx, 401, "invalid credentials");
            } else if (!"admin".equals(result.result().getString("role"))) {
                deny(ctx, 403, "this token lacks the admin role");
            } else {
                ctx.put(ACTOR, "token:" + result.result().getString("sub", "?"));
                ctx.next();
            }
        });
    }

    private static void deny(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json");
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"livepipe\"");
        }
        ctx.response().end(new JsonObject().put("error", message).encode());
    }
}
