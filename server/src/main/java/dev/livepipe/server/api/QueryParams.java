// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/** Typed query and path parameters; each reader replies 400 itself and returns null when invalid. */
final class QueryParams {

    private QueryParams() {
    }

    /** An ISO-8601 instant, or empty when absent; null after a 400 reply. */
    static Optional<Instant> instant(RoutingContext ctx, String name) {
        String raw = ctx.request().getParam(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(raw));
        } catch (DateTimeParseException e) {
            ApiErrors.reply(ctx, 400, name + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z");
            return null;
        }
    }

    /** A UUID path parameter; null after a 404 reply (an id that cannot exist). */
    static UUID uuidPath(RoutingContext ctx, String name, String what) {
        try {
            return UUID.fromString(ctx.pathParam(name));
        } catch (IllegalArgumentException e) {
            ApiErrors.reply(ctx, 404, "no " + what + " " + ctx.pathParam(name));
            return null;
        }
    }

    /** A positive integer, or {@code fallback} when absent; -1 after a 400 reply. */
    static int limit(RoutingContext ctx, int fallback, int max) {
        String raw = ctx.request().getParam("limit");
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v >= 1 && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the reply
        }
        ApiErrors.reply(ctx, 400, "limit must be an integer from 1 to " + max);
        return -1;
    }
}
