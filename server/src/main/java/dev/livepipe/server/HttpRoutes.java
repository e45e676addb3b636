// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.hls.HlsService;
import dev.livepipe.ingest.whip.http.WhipHttp;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.server.api.AnalyticsApi;
import dev.livepipe.server.api.ApiErrors;
import dev.livepipe.server.api.AuditApi;
import dev.livepipe.server.api.HealthApi;
import dev.livepipe.server.api.LiveApi;
import dev.livepipe.server.api.PublicUrls;
import dev.livepipe.server.api.RecordingsApi;
import dev.livepipe.server.api.RetentionApi;
import dev.livepipe.server.api.StreamsApi;
import dev.livepipe.server.api.SystemApi;
import dev.livepipe.server.api.TokensApi;
import dev.livepipe.server.api.ViewerTokensApi;
import dev.livepipe.server.auth.AdminAuth;
import dev.livepipe.server.auth.JwtTokens;
import dev.livepipe.server.chat.ChatRoutes;
import dev.livepipe.server.metrics.PrometheusMetrics;
import dev.livepipe.server.vod.VodRoutes;
import dev.livepipe.server.web.Pages;
import dev.livepipe.storage.Storage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP surface. Every route under {@code /api/} needs the admin token unless it is listed in
 * {@link #PUBLIC_API} — secure by default, so a new admin route cannot be left open by mistake.
 */
final class HttpRoutes {

    /** API path prefixes anyone may call (no keys, no publisher details behind them). */
    static final List<String> PUBLIC_API = List.of("/api/live");

    private static final long MAX_API_BODY = 64 * 1024;

    private final Router router;

    HttpRoutes(Vertx vertx, HealthApi health, Storage storage, Broadcasts broadcasts, HlsService hls, WhipHttp whip,
               PublicUrls urls, String adminTokenHash, JwtTokens tokens, Supplier<JsonObject> describe,
               Supplier<Future<?>> sweepNow, AnalyticsApi analyticsApi, PrometheusMetrics metrics,
               ChatRoutes chat) {
        router = Router.router(vertx);
        health.mount(router);
        AdminAuth admin = new AdminAuth(adminTokenHash, tokens);
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_API_BODY));
        router.route("/api/*").handler(ctx -> {
            if (isPublic(ctx.normalizedPath())) {
                ctx.next();
            } else {
                admin.handle(ctx);
            }
        });
        new LiveApi(vertx, storage.streams(), broadcasts, urls).mount(router);
        new StreamsApi(vertx, storage.streams(), storage.retentionPolicies(), broadcasts, urls, storage.audit())
                .mount(router);
        new RecordingsApi(vertx, storage.recordings(), storage.objects(), storage.audit(), urls, sweepNow)
                .mount(router);
        new AuditApi(vertx, storage.audit()).mount(router);
        new RetentionApi(vertx, storage.retentionPolicies(), storage.retentionPreview(), storage.audit()).mount(router);
        new SystemApi(describe).mount(router);
        new TokensApi(tokens).mount(router);
        new ViewerTokensApi(vertx, storage.streams(), tokens).mount(router);
        analyticsApi.mount(router);
        router.route("/api/*").handler(ctx -> ApiErrors.reply(ctx, 404, "no such API route"));
        metrics.mount(router); // public: GET /metrics
        hls.mount(router);
        // WHIP reads (and bounds) its own body: no BodyHandler on these routes.
        router.route("/whip*").handler(ctx -> {
            ctx.response().headersEndHandler(v -> announceWatchPage(ctx));
            whip.handle(ctx.request());
        });
        new VodRoutes(vertx, storage.recordings(), storage.objects()).mount(router);
        chat.mount(router); // /ws/streams/{id}, and the guest cookie on /watch/{id}
        Pages.mount(router);
        router.route().failureHandler(HttpRoutes::failure);
    }

    /** A successful WHIP publish also names the watch page (the page shows it to the broadcaster). */
    private static void announceWatchPage(RoutingContext ctx) {
        String location = ctx.response().headers().get("Location");
        if (ctx.response().getStatusCode() == 201 && location != null) {
            String[] parts = location.split("/");
            // Location: /whip/{streamId}/sessions/{secret}
            if (parts.length >= 3) {
                ctx.response().putHeader("Livepipe-Watch-Url", "/watch/" + parts[2]);
                String exposed = ctx.response().headers().get("Access-Control-Expose-Headers");
                ctx.response().putHeader("Access-Control-Expose-Headers",
                        exposed == null ? "Livepipe-Watch-Url" : exposed + ", Livepipe-Watch-Url");
            }
        }
    }

    Router router() {
        return router;
    }

    private static boolean isPublic(String path) {
        for (String prefix : PUBLIC_API) {
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status == 500 && ctx.failure() != null) {
            ApiErrors.internal(ctx, ctx.failure());
        } else if (status == 413) {
            ApiErrors.reply(ctx, 413, "request body too large");
        } else {
            ApiErrors.reply(ctx, status, "request failed");
        }
    }
}
