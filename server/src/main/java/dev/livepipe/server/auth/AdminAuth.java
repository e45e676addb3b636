// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.auth;

import dev.livepipe.storage.streams.StreamKeys;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Guards admin routes: the request must carry {@code Authorization: Bearer <admin token>}.
 * Only the SHA-256 of the token is held; comparison is constant-time.
 *
 * <p>Threading: runs on the event loop; pure CPU, no blocking.
 */
public final class AdminAuth implements Handler<RoutingContext> {

    private final String tokenHash;

    /** @param tokenHashHex SHA-256 hex of the admin token */
    public AdminAuth(String tokenHashHex) {
        this.tokenHash = tokenHashHex;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(ctx, "admin token required: send Authorization: Bearer <token>");
            return;
        }
        if (!StreamKeys.matches(header.substring(7).trim(), tokenHash)) {
            deny(ctx, "invalid admin token");
            return;
        }
        ctx.next();
    }

    private static void deny(RoutingContext ctx, String message) {
        ctx.response().setStatusCode(401)
                .putHeader("WWW-Authenticate", "Bearer realm=\"livepipe\"")
                .putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + message + "\"}");
    }
}
