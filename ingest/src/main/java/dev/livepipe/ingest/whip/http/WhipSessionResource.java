// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.SdpException;
import dev.livepipe.ingest.whip.sdp.TrickleFragment;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WHIP session resource (RFC 9725 §4.3): {@code DELETE} ends the publish (200), {@code PATCH}
 * with {@code application/trickle-ice-sdpfrag} adds trickled candidates (204, RFC 8840).
 *
 * <p>PATCH rules: unknown session 404; wrong content type 415; an {@code If-Match} other than
 * {@code *} that does not equal the session's ETag 412 (RFC 9725 §4.3.1; a PATCH without
 * If-Match is accepted, for lenient clients); a fragment with new ICE credentials or
 * {@code If-Match: *} is an ICE restart, which this server does not do: 422 (RFC 9725 §4.3.2,
 * "supports trickle but not restarts"); the publisher starts a new session with POST instead,
 * which takes over the stream inside the grace window.
 *
 * <p>Threading: the request's event loop.
 */
final class WhipSessionResource {

    private static final Logger LOG = LoggerFactory.getLogger(WhipSessionResource.class);

    private final WhipConfig config;
    private final WhipSessions sessions;

    WhipSessionResource(WhipConfig config, WhipSessions sessions) {
        this.config = config;
        this.sessions = sessions;
    }

    void delete(HttpServerRequest req, String streamId, String secret) {
        Optional<WhipSession> found = find(streamId, secret);
        if (found.isEmpty()) {
            WhipReplies.text(req, 404, "no such WHIP session");
            return;
        }
        WhipSession s = found.get();
        sessions.remove(s);
        LOG.info("WHIP session {} of stream {} deleted by the publisher", s.sessionId(), s.streamId());
        Context ctx = Vertx.currentContext();
        s.handle().close().onComplete(ar -> ctx.runOnContext(v -> WhipReplies.text(req, 200, "session ended")));
    }

    void patch(HttpServerRequest req, String streamId, String secret) {
        Optional<WhipSession> found = find(streamId, secret);
        if (found.isEmpty()) {
            WhipReplies.textAndClose(req, 404, "no such WHIP session");
            return;
        }
        WhipSession s = found.get();
        if (!WhipReplies.mediaType(req.getHeader(HttpHeaders.CONTENT_TYPE), WhipReplies.SDPFRAG)) {
            WhipReplies.textAndClose(req, 415, "Content-Type must be application/trickle-ice-sdpfrag");
            return;
        }
        String ifMatch = req.getHeader(HttpHeaders.IF_MATCH);
        boolean restartTag = ifMatch != null && ifMatch.trim().equals("*");
        if (ifMatch != null && !restartTag && !ifMatch.trim().equals(s.etag())) {
            WhipReplies.textAndClose(req, 412, "If-Match does not match the session's ETag");
            return;
        }
        Context ctx = Vertx.currentContext();
        BoundedBody.read(req, config.maxBodyBytes()).onComplete(body -> {
            if (body.failed()) {
                if (body.cause() instanceof BodyTooLargeException) {
                    WhipReplies.textAndClose(req, 413, "sdpfrag larger than " + config.maxBodyBytes() + " bytes");
                }
                return;
            }
            TrickleFragment frag;
            try {
                frag = TrickleFragment.parse(body.result().toString(StandardCharsets.UTF_8), config.sdpLimits());
            } catch (SdpException e) {
                WhipReplies.text(req, 400, "bad sdpfrag: " + e.getMessage());
                return;
            }
            boolean newCredentials = frag.iceUfrag().filter(u -> !u.equals(s.remote().iceUfrag())).isPresent()
                    || frag.icePwd().filter(p -> !p.equals(s.remote().icePwd())).isPresent();
            if (restartTag || newCredentials) {
                WhipReplies.text(req, 422, "ICE restart is not supported: DELETE this session and POST a new offer");
                return;
            }
            s.handle().addRemoteCandidates(frag.candidates(), frag.endOfCandidates()).onComplete(ar -> ctx.runOnContext(v -> {
                if (ar.succeeded()) {
                    req.response().setStatusCode(204).end();
                } else {
                    LOG.debug("WHIP session {} refused trickled candidates: {}", s.sessionId(), ar.cause().toString());
                    WhipReplies.text(req, 500, "could not add the candidates");
                }
            }));
        });
    }

    private Optional<WhipSession> find(String streamId, String secret) {
        return sessions.bySecret(secret).filter(s -> s.streamId().equals(streamId));
    }
}
