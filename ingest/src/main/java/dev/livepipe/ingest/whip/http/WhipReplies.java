// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.Locale;

/**
 * Response helpers: CORS headers on every reply (so a page on another origin can publish,
 * RFC 9725 §4.2 and the Fetch standard's CORS protocol), one-line text errors, and closing the
 * connection after a refused upload.
 */
final class WhipReplies {

    static final String SDP = "application/sdp";
    static final String SDPFRAG = "application/trickle-ice-sdpfrag";
    static final String EXPOSED = "Location, ETag, Link, Accept-Patch, Accept-Post";
    static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match";
    static final String ALLOWED_METHODS = "POST, PATCH, DELETE, OPTIONS";

    private WhipReplies() {
    }

    /** Adds the CORS headers every response carries. */
    static void cors(HttpServerResponse r) {
        r.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .putHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED);
    }

    /** A CORS preflight answer (204). */
    static void preflight(HttpServerRequest req, String allow) {
        req.response().setStatusCode(204)
                .putHeader(HttpHeaders.ALLOW, allow)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS)
                .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "86400")
                .end();
    }

    /** A one-line {@code text/plain} error. */
    static void text(HttpServerRequest req, int status, String line) {
        HttpServerResponse r = req.response();
        if (r.ended() || r.closed()) {
            return;
        }
        r.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(line + "\n");
    }

    /**
     * A one-line error, then the connection (HTTP/1.x) or stream (HTTP/2) is closed so the
     * client stops uploading a body we will not read.
     */
    static void textAndClose(HttpServerRequest req, int status, String line) {
        HttpServerResponse r = req.response();
        if (r.ended() || r.closed()) {
            return;
        }
        boolean h2 = req.version() == HttpVersion.HTTP_2;
        if (!h2) {
            r.putHeader(HttpHeaders.CONNECTION, "close");
        }
        r.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(line + "\n").onComplete(ar -> {
                    if (h2) {
                        r.reset();
                    } else {
                        req.connection().close();
                    }
                });
    }

    /** True if the Content-Type's media type (parameters ignored) equals {@code type}. */
    static boolean mediaType(String header, String type) {
        if (header == null) {
            return false;
        }
        int semi = header.indexOf(';');
        String t = (semi < 0 ? header : header.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return t.equals(type);
    }
}
