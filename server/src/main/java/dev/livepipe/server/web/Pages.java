// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The web pages: {@code /} (live now), {@code /watch/{streamId}} (the player), {@code /admin}
 * (streams, recordings, retention; signs in with the admin token), their assets
 * under {@code /assets/}, hls.js and uPlot (the admin charts) from their WebJars under
 * {@code /webjars/hls.js/} and {@code /webjars/uplot/} — served by
 * Livepipe itself, no CDN.
 */
public final class Pages {

    private Pages() {
    }

    /** Adds the page routes to {@code router}. */
    public static void mount(Router router) {
        router.get("/").handler(ctx -> sendPage(ctx, "web/index.html"));
        router.get("/watch/:streamId").handler(ctx -> sendPage(ctx, "web/watch.html"));
        // Public page; everything it shows comes from the token-guarded /api.
        router.get("/admin").handler(ctx -> sendPage(ctx, "web/admin.html"));
        // Publishing needs the stream key, which the page sends to /whip only.
        router.get("/broadcast").handler(ctx -> sendPage(ctx, "web/broadcast.html"));
        router.get("/assets/*").handler(StaticHandler.create("web").setMaxAgeSeconds(300));
        router.get("/webjars/hls.js/*").handler(StaticHandler
                .create("META-INF/resources/webjars/hls.js/" + webjarVersion("hls.js"))
                .setMaxAgeSeconds(86400));
        router.get("/webjars/uplot/*").handler(StaticHandler
                .create("META-INF/resources/webjars/uplot/" + webjarVersion("uplot"))
                .setMaxAgeSeconds(86400));
    }

    private static void sendPage(io.vertx.ext.web.RoutingContext ctx, String resource) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-cache");
        ctx.response().sendFile(resource);
    }

    /** The version of an npm WebJar on the classpath, from its Maven metadata. */
    static String webjarVersion(String artifact) {
        String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("WebJar " + artifact + " is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
