// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.chat;

import dev.livepipe.chat.ChatService;
import dev.livepipe.server.auth.GuestIdentities;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat surface of the HTTP server:
 * <ul>
 *   <li>{@code GET /ws/streams/{streamId}}: authenticates the user ({@link ChatIdentityResolver})
 *       and hands the upgrade to {@link ChatService#accept}; refusals are plain HTTP answers
 *       before any upgrade (400 not a WebSocket request, 401/403 credentials);</li>
 *   <li>the guest cookie: {@code /watch/{streamId}} gives a browser without a valid
 *       {@link GuestIdentities#COOKIE} a new one (HttpOnly, SameSite=Lax, one year), so its
 *       guest name stays the same on every visit.</li>
 * </ul>
 * Threading: handlers run on the event loop and never block.
 */
public final class ChatRoutes {

    /** Where chat sockets connect; the stream id follows. */
    public static final String WS_PREFIX = "/ws/streams/";
    private static final Logger LOG = LoggerFactory.getLogger(ChatRoutes.class);
    private static final long COOKIE_MAX_AGE_SECONDS = 365L * 86_400;

    private final ChatService chat;
    private final ChatIdentityResolver identities;
    private final GuestIdentities guests;

    public ChatRoutes(ChatService chat, ChatIdentityResolver identities, GuestIdentities guests) {
        this.chat = chat;
        this.identities = identities;
        this.guests = guests;
    }

    /** Adds the routes; call before the page routes so the cookie is set on /watch. */
    public void mount(Router router) {
        router.get(WS_PREFIX + ":streamId").handler(this::upgrade);
        router.get("/watch/:streamId").handler(this::guestCookie);
    }

    private void upgrade(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            refuse(ctx, 400, "a WebSocket upgrade is required here (see docs/chat-protocol.md)");
            return;
        }
        String streamId = ctx.pathParam("streamId");
        request.pause();
        identities.resolve(request, streamId).onComplete(user -> {
            if (user.succeeded()) {
                chat.accept(request, streamId, user.result());
            } else if (user.cause() instanceof ChatIdentityResolver.Refused refused) {
                refuse(ctx, refused.status(), refused.getMessage());
            } else {
                LOG.warn("Chat identity check failed", user.cause());
                refuse(ctx, 500, "internal error");
            }
        });
    }

    private void guestCookie(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(GuestIdentities.COOKIE);
        if (cookie == null || guests.verify(cookie.getValue()).isEmpty()) {
            ctx.response().addCookie(Cookie.cookie(GuestIdentities.COOKIE, guests.newCookieValue())
                    .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                    .setMaxAge(COOKIE_MAX_AGE_SECONDS));
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String message) {
        ctx.request().resume();
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("error", message).encode());
        }
    }
}
