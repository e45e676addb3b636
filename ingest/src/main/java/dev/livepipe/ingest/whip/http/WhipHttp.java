// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.PublishAuthorizer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The WHIP HTTP resource (RFC 9725): a {@code Handler<HttpServerRequest>} for every request
 * under {@link WhipConfig#pathPrefix()} (default {@code /whip}).
 *
 * <table>
 *   <caption>URL layout</caption>
 *   <tr><td>{@code POST {prefix}/{streamId}}</td><td>WHIP endpoint: publish into that stream
 *       (the key must belong to it); {@code POST {prefix}} publishes into the key's stream</td></tr>
 *   <tr><td>{@code PATCH|DELETE {prefix}/{streamId}/sessions/{secret}}</td><td>WHIP session
 *       (the {@code Location} of the 201); the secret is 256 random bits, the key never appears
 *       in a URL</td></tr>
 *   <tr><td>{@code OPTIONS} on both</td><td>CORS preflight, 204</td></tr>
 *   <tr><td>anything else</td><td>405 with {@code Allow} (GET/HEAD/PUT included), or 404</td></tr>
 * </table>
 *
 * <p>Replies: 201 + answer; 400 malformed SDP or sdpfrag; 401 missing or refused key; 404
 * unknown session; 405 method; 406 no usable codec; 412 If-Match mismatch; 413 body over
 * {@link WhipConfig#maxBodyBytes()}; 415 content type; 422 ICE restart (trickle is supported,
 * restarts are not: RFC 9725 §4.3.2 — the publisher starts a new session instead); 500 session
 * setup failed; 503 over {@link WhipConfig#maxSessions()}. Errors are one line of text/plain.
 * With trickle off, PATCH is 405 (RFC 9725 §4.3).
 *
 * <p>Mounting: ingest depends on vertx-core only, so this is a plain request handler. With a
 * Vert.x Web router: {@code router.route("/whip/*").handler(ctx -> whip.handle(ctx.request()))}
 * and {@code router.route("/whip")…} — without a {@code BodyHandler} on these routes (this class
 * reads the body itself, bounded).
 *
 * <p>Threading: runs on the request's event loop and never blocks it; the authorizer's and the
 * factory's futures are bounded by {@link WhipConfig#setupTimeout()} and hop back to it. The
 * stream key is passed to the authorizer only and never logged; neither is the URL secret.
 */
public final class WhipHttp implements Handler<HttpServerRequest> {

    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9._~-]{1,128}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private final WhipConfig config;
    private final WhipSessions sessions;
    private final WhipPublish publish;
    private final WhipSessionResource resource;
    private final Map<Integer, LongAdder> replies = new ConcurrentHashMap<>();

    /**
     * @param vertx      for timers
     * @param config     settings
     * @param authorizer checks the stream key (called with {@link WhipConfig#authorizerApp()})
     * @param factory    creates the transport of an accepted publish
     */
    public WhipHttp(Vertx vertx, WhipConfig config, PublishAuthorizer authorizer, WhipSessionFactory factory) {
        this.config = config;
        this.sessions = new WhipSessions(config.maxSessions());
        this.publish = new WhipPublish(vertx, config, authorizer, factory, sessions);
        this.resource = new WhipSessionResource(config, sessions);
    }

    /** The configuration. */
    public WhipConfig config() {
        return config;
    }

    /** The session URL path for a stream and secret (what {@code Location} carries). */
    public static String sessionPath(WhipConfig config, String streamId, String secret) {
        return config.pathPrefix() + "/" + streamId + "/sessions/" + secret;
    }

    @Override
    public void handle(HttpServerRequest req) {
        WhipReplies.cors(req.response());
        req.response().endHandler(v -> count(req.response().getStatusCode()));
        String path = req.path();
        String prefix = config.pathPrefix();
        if (!path.startsWith(prefix) || path.length() > prefix.length() && path.charAt(prefix.length()) != '/') {
            WhipReplies.text(req, 404, "not a WHIP resource");
            return;
        }
        String rest = path.substring(prefix.length());
        String[] seg = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        if (seg.length == 0 || seg.length == 1 && STREAM_ID.matcher(seg[0]).matches()) {
            endpoint(req, seg.length == 0 ? null : seg[0]);
        } else if (seg.length == 3 && STREAM_ID.matcher(seg[0]).matches() && seg[1].equals("sessions")
                && SECRET.matcher(seg[2]).matches()) {
            session(req, seg[0], seg[2]);
        } else {
            WhipReplies.text(req, 404, "not a WHIP resource");
        }
    }

    private void endpoint(HttpServerRequest req, String streamId) {
        HttpMethod m = req.method();
        if (m.equals(HttpMethod.POST)) {
            publish.handle(req, streamId);
        } else if (m.equals(HttpMethod.OPTIONS)) {
            req.response().putHeader("Accept-Post", WhipReplies.SDP);
            WhipReplies.preflight(req, "POST, OPTIONS");
        } else {
            req.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS");
            WhipReplies.text(req, 405, "method not allowed: POST an SDP offer");
        }
    }

    private void session(HttpServerRequest req, String streamId, String secret) {
        HttpMethod m = req.method();
        String allow = config.trickle() ? "PATCH, DELETE, OPTIONS" : "DELETE, OPTIONS";
        if (m.equals(HttpMethod.DELETE)) {
            resource.delete(req, streamId, secret);
        } else if (m.equals(HttpMethod.PATCH) && config.trickle()) {
            resource.patch(req, streamId, secret);
        } else if (m.equals(HttpMethod.OPTIONS)) {
            if (config.trickle()) {
                req.response().putHeader("Accept-Patch", WhipReplies.SDPFRAG);
            }
            WhipReplies.preflight(req, allow);
        } else {
            req.response().putHeader(HttpHeaders.ALLOW, allow);
            WhipReplies.text(req, 405, m.equals(HttpMethod.PATCH)
                    ? "trickle ICE is disabled on this server; send all candidates in the offer"
                    : "method not allowed on a WHIP session");
        }
    }

    /** Closes every live session (server shutdown). */
    public Future<Void> closeAll() {
        List<Future<Void>> closing = new ArrayList<>();
        for (WhipSession s : sessions.all()) {
            if (sessions.remove(s)) {
                closing.add(s.handle().close());
            }
        }
        return Future.join(closing).mapEmpty();
    }

    /** Live and reserved sessions and reply counts by status, for the admin API. */
    public JsonObject describe() {
        JsonObject counts = new JsonObject();
        replies.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> counts.put(Integer.toString(e.getKey()), e.getValue().sum()));
        return new JsonObject().put("sessions", sessions.size()).put("reserved", sessions.reserved())
                .put("maxSessions", config.maxSessions()).put("trickle", config.trickle()).put("replies", counts);
    }

    private void count(int status) {
        replies.computeIfAbsent(status, k -> new LongAdder()).increment();
    }
}
