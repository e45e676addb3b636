// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.chat;

import dev.livepipe.chat.ChatUser;
import dev.livepipe.server.auth.GuestIdentities;
import dev.livepipe.server.auth.JwtTokens;
import dev.livepipe.storage.streams.StreamKeys;
import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Who is opening a chat socket, per docs/chat-protocol.md:
 * <ul>
 *   <li>a credential offered as the subprotocol {@code bearer.<token>} (browsers cannot set
 *       headers on a WebSocket) or as {@code Authorization: Bearer <token>}:
 *       the admin token acts as moderator {@code admin}; a signed token gives
 *       {@code user:<uid>} with its name and role ({@code admin} maps to moderator); a token
 *       bound to another stream (claim {@code stream}) is refused;</li>
 *   <li>otherwise a guest: the signed {@link GuestIdentities#COOKIE} cookie's id, or a fresh
 *       one-off guest id for clients without the cookie.</li>
 * </ul>
 * A credential that does not verify fails the future with {@link Refused} (status 401 or 403).
 *
 * <p>Threading: call on the event loop; HMAC/JWT checks only, never blocks.
 */
public final class ChatIdentityResolver {

    /** Why an upgrade is refused before it happens. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        /** The HTTP status to answer with. */
        public int status() {
            return status;
        }
    }

    static final String BEARER_PROTOCOL_PREFIX = "bearer.";

    private final String adminTokenHash;
    private final JwtTokens tokens;
    private final GuestIdentities guests;

    public ChatIdentityResolver(String adminTokenHash, JwtTokens tokens, GuestIdentities guests) {
        this.adminTokenHash = adminTokenHash;
        this.tokens = tokens;
        this.guests = guests;
    }

    /** Resolves the user opening a socket to {@code streamId}. */
    public Future<ChatUser> resolve(HttpServerRequest request, String streamId) {
        Optional<String> credential = credential(request);
        if (credential.isEmpty()) {
            Cookie cookie = request.getCookie(GuestIdentities.COOKIE);
            String guestId = Optional.ofNullable(cookie).flatMap(c -> guests.verify(c.getValue()))
                    .orElseGet(() -> guests.verify(guests.newCookieValue()).orElseThrow());
            return Future.succeededFuture(new ChatUser("guest:" + guestId, GuestIdentities.nameOf(guestId), "viewer"));
        }
        String token = credential.get();
        if (StreamKeys.matches(token, adminTokenHash)) {
            return Future.succeededFuture(new ChatUser("admin", "admin", "moderator"));
        }
        return tokens.verify(token).recover(e -> Future.failedFuture(new Refused(401, "invalid credentials")))
                .compose(claims -> fromClaims(claims, streamId));
    }

    private static Future<ChatUser> fromClaims(JsonObject claims, String streamId) {
        String boundTo = claims.getString("stream");
        if (boundTo != null && !boundTo.equals(streamId)) {
            return Future.failedFuture(new Refused(403, "this token is for another stream"));
        }
        String role = claims.getString("role", "viewer");
        if ("admin".equals(role)) {
            role = "moderator";
        }
        String uid = claims.getString("uid", claims.getString("sub", "?"));
        String name = claims.getString("name", uid);
        return Future.succeededFuture(new ChatUser("user:" + uid, name, role));
    }

    private static Optional<String> credential(HttpServerRequest request) {
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            for (String p : protocols.split(",")) {
                String s = p.strip();
                if (s.startsWith(BEARER_PROTOCOL_PREFIX) && s.length() > BEARER_PROTOCOL_PREFIX.length()) {
                    return Optional.of(s.substring(BEARER_PROTOCOL_PREFIX.length()));
                }
            }
        }
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).strip());
        }
        return Optional.empty();
    }
}
