// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Supplier;

/**
 * {@code GET /api/system} (admin): the {@code describe()} snapshots of the running components —
 * RTMP connections, HLS muxers with their segment timing — for operators and benchmarks.
 */
public final class SystemApi {

    private final Supplier<JsonObject> describe;

    public SystemApi(Supplier<JsonObject> describe) {
        this.describe = describe;
    }

    /** Adds the route (behind the admin guard). */
    public void mount(Router router) {
        router.get("/api/system").handler(ctx -> ctx.json(describe.get()));
    }
}
