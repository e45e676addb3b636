// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads a JSON object request body, replying 400/415 itself when it is not one. */
final class JsonBodies {

    private JsonBodies() {
    }

    /** The body as an object, or null after a 4xx reply was sent. */
    static JsonObject object(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            ApiErrors.reply(ctx, 415, "Content-Type must be application/json");
            return null;
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                ApiErrors.reply(ctx, 400, "a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            ApiErrors.reply(ctx, 400, "body is not a JSON object");
            return null;
        }
    }
}
