// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code GET /health}: 200 {@code {"status":"ready"}} when every component is up, otherwise 503
 * with the list of what is not ready and why. Components report through {@link #set}; a live
 * check (e.g. disk space) can be added with {@link #addCheck}.
 *
 * <p>Threading: {@link #set} from any thread; the handler runs on the event loop and only reads.
 */
public final class HealthApi {

    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final Map<String, Supplier<String>> checks = new ConcurrentHashMap<>();

    /** Marks a component as not ready ({@code problem} non-null) or ready ({@code null}). */
    public void set(String component, String problem) {
        if (problem == null) {
            problems.remove(component);
        } else {
            problems.put(component, problem);
        }
    }

    /** Adds a check evaluated on every request; it returns a problem or null. Must not block. */
    public void addCheck(String component, Supplier<String> check) {
        checks.put(component, check);
    }

    /** Adds the route. */
    public void mount(Router router) {
        router.get("/health").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        JsonArray notReady = new JsonArray();
        problems.forEach((c, p) -> notReady.add(new JsonObject().put("component", c).put("problem", p)));
        checks.forEach((c, check) -> {
            String p = check.get();
            if (p != null) {
                notReady.add(new JsonObject().put("component", c).put("problem", p));
            }
        });
        boolean ready = notReady.isEmpty();
        ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Cache-Control", "no-store");
        ctx.json(new JsonObject().put("status", ready ? "ready" : "not ready").put("notReady", notReady));
    }

    /** The components currently reported not ready (for logs). */
    public List<String> notReady() {
        return List.copyOf(problems.keySet());
    }
}
