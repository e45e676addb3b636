// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import dev.livepipe.mux.SegmentBytes;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of live HLS (layout in {@link HlsPaths}): serves playlists and segments from the
 * in-memory {@link StreamSnapshot}s.
 *
 * <ul>
 *   <li>Content types: {@code application/vnd.apple.mpegurl} for playlists (RFC 8216 §4),
 *       {@code video/mp4} for init and media segments.</li>
 *   <li>Caching: playlists {@code max-age=1} (live) and {@code max-age=10} (ended); segments
 *       are immutable under their random token, so {@code max-age=31536000, immutable}; 404s
 *       {@code no-cache}.</li>
 *   <li>CORS: {@code Access-Control-Allow-Origin: *} on every response, OPTIONS preflight.</li>
 *   <li>A playlist request for a broadcast without a segment yet waits (without blocking) up to
 *       {@link HlsConfig#firstSegmentWait()} for the first one, then gets 404.</li>
 *   <li>Viewer sessions ({@link ViewerSessionIds}): the multivariant playlist's variant URI carries
 *       the request's valid {@code vs} or a new random one; a media playlist requested with a
 *       valid {@code vs} carries it on every segment and EXT-X-MAP URI (rewritten per request
 *       from the cached rendering); without one it is served byte-identical to the cache.
 *       Served playlists and segments with a valid {@code vs} are reported to the
 *       {@link HlsAccessListener}; a multivariant request without one is not (the session it is
 *       handed counts from its first media playlist or segment fetch).</li>
 * </ul>
 *
 * <p>Threading: handlers run on event loops, only read immutable snapshots and never block.
 */
final class HlsRoutes {

    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    static final String MP4_TYPE = "video/mp4";
    static final String LIVE_PLAYLIST_CACHE = "max-age=1";
    static final String ENDED_PLAYLIST_CACHE = "max-age=10";
    static final String SEGMENT_CACHE = "public, max-age=31536000, immutable";
    private static final int MAX_WAITING_PER_STREAM = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(HlsRoutes.class);

    private final Vertx vertx;
    private final HlsRegistry registry;
    private final HlsConfig config;
    private final Supplier<HlsAccessListener> access;

    HlsRoutes(Vertx vertx, HlsRegistry registry, HlsConfig config, Supplier<HlsAccessListener> access) {
        this.vertx = vertx;
        this.registry = registry;
        this.config = config;
        this.access = access;
    }

    void mount(Router router) {
        router.route(HlsPaths.PREFIX + "/*").handler(ctx -> {
            ctx.response().putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            ctx.next();
        });
        router.route(HlsPaths.PREFIX + "/*").method(HttpMethod.OPTIONS).handler(this::preflight);
        router.route(HlsPaths.PREFIX + "/:streamId/" + HlsPaths.MULTIVARIANT_PLAYLIST)
                .method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::multivariant);
        router.route(HlsPaths.PREFIX + "/:streamId/:token/:file")
                .method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::resource);
    }

    private void preflight(RoutingContext ctx) {
        String requested = ctx.request().getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        ctx.response().setStatusCode(204)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS")
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, requested == null ? "*" : requested)
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                .end();
    }

    private void multivariant(RoutingContext ctx) {
        Optional<HlsStream> stream = registry.latest(ctx.pathParam("streamId"));
        if (stream.isEmpty()) {
            notFound(ctx);
            return;
        }
        String given = ctx.request().getParam(ViewerSessionIds.PARAM);
        boolean playerSession = ViewerSessionIds.isValid(given);
        String session = playerSession ? given : ViewerSessionIds.newId();
        HlsStream s = stream.get();
        whenReady(ctx, s, snap -> {
            Variant v = snap.variant();
            String body = new MultivariantPlaylist(List.of(v.withUri(ViewerSessionIds.withSession(v.uri(), session))))
                    .render();
            // Only a player's own id is reported here: a generated one (crawlers, link previews, retries
            // without vs) counts from its first media playlist or segment fetch, not from this one.
            if (playerSession && isGet(ctx)) {
                report(l -> l.onPlaylist(s.streamId(), s.broadcastId(), session));
            }
            playlist(ctx, body, snap.ended());
        });
    }

    private void resource(RoutingContext ctx) {
        Optional<HlsStream> stream = registry.find(ctx.pathParam("streamId"), ctx.pathParam("token"));
        if (stream.isEmpty()) {
            notFound(ctx);
            return;
        }
        String file = ctx.pathParam("file");
        HlsStream hs = stream.get();
        String given = ctx.request().getParam(ViewerSessionIds.PARAM);
        String session = ViewerSessionIds.isValid(given) ? given : null;
        if (HlsPaths.MEDIA_PLAYLIST.equals(file)) {
            whenReady(ctx, hs, snap -> {
                if (session == null) {
                    playlist(ctx, snap.mediaPlaylist(), snap.ended());
                    return;
                }
                if (isGet(ctx)) {
                    report(l -> l.onPlaylist(hs.streamId(), hs.broadcastId(), session));
                }
                playlist(ctx, SessionPlaylistRewriter.rewrite(snap.mediaPlaylist(), session), snap.ended());
            });
            return;
        }
        StreamSnapshot snap = hs.snapshot();
        long seq = HlsPaths.parseSegment(file);
        if (seq >= 0) {
            Segment s = snap.fetchable().get(seq);
            // A segment released meanwhile (it left the fetchable window, or the broadcast was
            // dropped) is a 404, as if the request had come a moment later; it is not counted.
            if (s == null || !s.bytes().tryRetain()) {
                notFound(ctx);
                return;
            }
            if (session != null && isGet(ctx)) {
                report(l -> l.onSegment(hs.streamId(), hs.broadcastId(), session, s.sequence(), s.durationMicros()));
            }
            segment(ctx, s.bytes());
            return;
        }
        int init = HlsPaths.parseInit(file);
        Buffer initBytes = init >= 0 ? snap.inits().get(init) : null;
        if (initBytes == null) {
            notFound(ctx);
        } else if (mediaHeaders(ctx, initBytes.length())) {
            ctx.response().end(initBytes);
        }
    }

    /**
     * Writes a media segment from native memory without copying it, taking over the caller's
     * reference, which is released when Netty has finished with the bytes (the write completed
     * or failed).
     */
    private static void segment(RoutingContext ctx, SegmentBytes bytes) {
        Future<Void> written;
        try {
            written = mediaHeaders(ctx, bytes.length())
                    ? ctx.response().end(BufferInternal.buffer(bytes.unreleasableSlice()))
                    : Future.succeededFuture();
        } catch (RuntimeException e) {
            // end() may throw from an end handler after handing the bytes to Netty: then keep the
            // reference (one segment leaked) rather than free memory that may still be written.
            if (!ctx.response().ended()) {
                bytes.release();
            }
            throw e;
        }
        written.onComplete(done -> bytes.release());
    }

    /** Serves at once if the stream has a segment; otherwise waits for one, bounded in time. */
    private void whenReady(RoutingContext ctx, HlsStream stream, Consumer<StreamSnapshot> serve) {
        StreamSnapshot snap = stream.snapshot();
        if (snap.ready()) {
            serve.accept(snap);
            return;
        }
        if (snap.ended() || config.firstSegmentWait().isZero() || stream.waiting() >= MAX_WAITING_PER_STREAM) {
            notFound(ctx);
            return;
        }
        Context context = vertx.getOrCreateContext();
        AtomicBoolean done = new AtomicBoolean();
        long[] timer = {-1};
        Runnable waiter = () -> context.runOnContext(v -> {
            if (done.compareAndSet(false, true)) {
                vertx.cancelTimer(timer[0]);
                StreamSnapshot now = stream.snapshot();
                if (now.ready()) {
                    serve.accept(now);
                } else {
                    notFound(ctx);
                }
            }
        });
        timer[0] = vertx.setTimer(Math.max(1, config.firstSegmentWait().toMillis()), id -> {
            stream.cancelWait(waiter);
            if (done.compareAndSet(false, true)) {
                notFound(ctx);
            }
        });
        if (!stream.awaitReady(waiter)) {
            waiter.run();
        }
    }

    private static boolean isGet(RoutingContext ctx) {
        return ctx.request().method() == HttpMethod.GET;
    }

    /** Calls the access listener; a failing listener never fails the request. */
    private void report(Consumer<HlsAccessListener> call) {
        try {
            call.accept(access.get());
        } catch (RuntimeException e) {
            LOG.warn("HLS access listener failed", e);
        }
    }

    private static void playlist(RoutingContext ctx, String body, boolean ended) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PLAYLIST_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, ended ? ENDED_PLAYLIST_CACHE : LIVE_PLAYLIST_CACHE)
                .end(body);
    }

    /** Sets the headers of an MP4 resource; ends a HEAD request and returns whether a body is due. */
    private static boolean mediaHeaders(RoutingContext ctx, int length) {
        HttpServerResponse r = ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MP4_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, SEGMENT_CACHE)
                .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(length));
        if (ctx.request().method() == HttpMethod.HEAD) {
            r.end();
            return false;
        }
        return true;
    }

    private static void notFound(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        if (r.ended() || r.closed()) {
            return;
        }
        r.setStatusCode(404).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("not found\n");
    }
}
