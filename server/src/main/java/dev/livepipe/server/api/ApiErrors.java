// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Uniform JSON error replies ({@code {"error": "..."}}) for the REST API. */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Replies {@code status} with a one-line message. */
    public static void reply(RoutingContext ctx, int status, String message) {
        if (ctx.response().ended()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", message).encode());
    }

    /** Replies 500 for an unexpected failure and logs it (the reply does not leak details). */
    public static void internal(RoutingContext ctx, Throwable failure) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        reply(ctx, 500, "internal error");
    }
}
