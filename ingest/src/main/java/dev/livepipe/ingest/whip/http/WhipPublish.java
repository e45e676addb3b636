// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.PublishAuthorizer;
import dev.livepipe.ingest.whip.sdp.Negotiated;
import dev.livepipe.ingest.whip.sdp.Negotiation;
import dev.livepipe.ingest.whip.sdp.NoUsableCodecException;
import dev.livepipe.ingest.whip.sdp.SdpAnswer;
import dev.livepipe.ingest.whip.sdp.SdpException;
import dev.livepipe.ingest.whip.sdp.SdpOffer;
import dev.livepipe.ingest.whip.sdp.SdpParser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WHIP endpoint's POST (RFC 9725 §4.2): checks in order content type (415), declared length
 * (413, before reading), key present (401), the body bounded while read (413), the key
 * (authorizer, 401), a session slot (503), the offer (400) and its codecs (406); only then calls
 * the {@link WhipSessionFactory}, and replies 201 with {@code Location}, {@code ETag},
 * {@code Link}s and the answer. Every failure after the slot was reserved gives it back, and a
 * session created for a client that is gone (or after the deadline) is closed at once.
 *
 * <p>Threading: the request's event loop; see {@link WhipHttp}.
 */
final class WhipPublish {

    private static final Logger LOG = LoggerFactory.getLogger(WhipPublish.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final WhipConfig config;
    private final PublishAuthorizer authorizer;
    private final WhipSessionFactory factory;
    private final WhipSessions sessions;
    private final SdpParser parser;

    WhipPublish(Vertx vertx, WhipConfig config, PublishAuthorizer authorizer, WhipSessionFactory factory,
                WhipSessions sessions) {
        this.vertx = vertx;
        this.config = config;
        this.authorizer = authorizer;
        this.factory = factory;
        this.sessions = sessions;
        this.parser = new SdpParser(config.sdpLimits());
    }

    void handle(HttpServerRequest req, String pathStreamId) {
        if (!WhipReplies.mediaType(req.getHeader(HttpHeaders.CONTENT_TYPE), WhipReplies.SDP)) {
            refuse(req, 415, "Content-Type must be application/sdp");
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && !fits(length)) {
            refuse(req, 413, "offer larger than " + config.maxBodyBytes() + " bytes");
            return;
        }
        Optional<String> key = BearerKey.from(req.getHeader(HttpHeaders.AUTHORIZATION));
        if (key.isEmpty()) {
            req.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(req, 401, "missing stream key: send Authorization: Bearer <stream key>");
            return;
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
            req.response().writeContinue();
        }
        Context ctx = vertx.getOrCreateContext();
        BoundedBody.read(req, config.maxBodyBytes()).onComplete(body -> {
            if (body.failed()) {
                if (body.cause() instanceof BodyTooLargeException) {
                    refuse(req, 413, "offer larger than " + config.maxBodyBytes() + " bytes");
                }
                return;
            }
            Deadline.within(vertx, ctx, Deadline.guarded(() -> authorizer.authorize(config.authorizerApp(), key.get())),
                    config.setupTimeout(), id -> { }, auth -> {
                        Optional<String> streamId = auth.succeeded() ? auth.result() : Optional.empty();
                        if (streamId.isEmpty() || pathStreamId != null && !pathStreamId.equals(streamId.get())) {
                            req.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                            refuse(req, 401, "stream key not accepted");
                            return;
                        }
                        authorized(req, ctx, streamId.get(), body.result());
                    });
        });
    }

    private void authorized(HttpServerRequest req, Context ctx, String streamId, Buffer body) {
        if (!sessions.reserve(streamId)) {
            refuse(req, 503, "too many WHIP sessions on this server, try again later");
            return;
        }
        SdpOffer offer;
        Negotiated negotiated;
        try {
            offer = parser.parse(body.toString(StandardCharsets.UTF_8));
            negotiated = Negotiation.negotiate(offer);
        } catch (NoUsableCodecException e) {
            sessions.release();
            refuse(req, 406, e.getMessage());
            return;
        } catch (SdpException e) {
            sessions.release();
            refuse(req, 400, "bad SDP offer: " + e.getMessage());
            return;
        }
        String sessionId = HexFormat.of().formatHex(random(6));
        String remote = String.valueOf(req.remoteAddress());
        WhipSessionRequest request = new WhipSessionRequest(sessionId, streamId, offer, negotiated, remote);
        Deadline.within(vertx, ctx, Deadline.guarded(() -> factory.create(request)), config.setupTimeout(),
                late -> {
                    LOG.warn("WHIP session {} of stream {} arrived after the deadline; closing it", sessionId, streamId);
                    late.close();
                },
                created -> {
                    if (created.failed()) {
                        sessions.release();
                        LOG.warn("WHIP session {} of stream {} from {} could not start: {}", sessionId, streamId,
                                remote, created.cause().toString());
                        WhipReplies.text(req, 500, "could not start the WebRTC session");
                        return;
                    }
                    respond(req, request, created.result());
                });
    }

    private void respond(HttpServerRequest req, WhipSessionRequest request, WhipSessionHandle handle) {
        HttpServerResponse r = req.response();
        String answer;
        try {
            if (r.closed()) {
                throw new IllegalStateException("client went away before the answer");
            }
            answer = SdpAnswer.write(request.offer(), request.negotiated(), handle.localTransport(),
                    config.trickle(), 1 + (RANDOM.nextLong() >>> 2));
        } catch (RuntimeException e) {
            sessions.release();
            handle.close();
            LOG.warn("WHIP session {} of stream {} abandoned: {}", request.sessionId(), request.streamId(), e.toString());
            WhipReplies.text(req, 500, "could not start the WebRTC session");
            return;
        }
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        String etag = "\"" + HexFormat.of().formatHex(random(8)) + "\"";
        WhipSession s = new WhipSession(secret, request.sessionId(), request.streamId(), etag,
                request.negotiated().remote(), handle);
        sessions.add(s);
        handle.closed().onComplete(v -> {
            if (sessions.remove(s)) {
                LOG.info("WHIP session {} of stream {} ended", s.sessionId(), s.streamId());
            }
        });
        r.setStatusCode(201)
                .putHeader(HttpHeaders.LOCATION, WhipHttp.sessionPath(config, request.streamId(), secret))
                .putHeader(HttpHeaders.ETAG, etag)
                .putHeader(HttpHeaders.CONTENT_TYPE, WhipReplies.SDP)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (config.trickle()) {
            r.putHeader("Accept-Patch", WhipReplies.SDPFRAG);
        }
        for (IceServer server : config.iceServers()) {
            r.headers().add("Link", server.linkValue());
        }
        r.end(answer);
        LOG.info("WHIP session {} of stream {} from {} created (video {}, audio {})", request.sessionId(),
                request.streamId(), request.remoteAddress(),
                request.negotiated().media().video().map(p -> p.codec()).orElse("none"),
                request.negotiated().media().audio().map(p -> p.codec()).orElse("none"));
    }

    private void refuse(HttpServerRequest req, int status, String line) {
        LOG.debug("WHIP publish from {} refused: {} {}", req.remoteAddress(), status, line);
        if (req.isEnded()) {
            WhipReplies.text(req, status, line);
        } else {
            // the body was not (fully) read: do not let the client keep uploading it
            WhipReplies.textAndClose(req, status, line);
        }
    }

    private boolean fits(String contentLength) {
        try {
            long n = Long.parseLong(contentLength.trim());
            return n >= 0 && n <= config.maxBodyBytes();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
