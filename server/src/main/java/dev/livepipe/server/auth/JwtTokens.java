// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.auth;

import dev.livepipe.storage.settings.SettingsRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Signed tokens (JWT, HS256) that carry a name and a role: {@code viewer}, {@code moderator},
 * {@code broadcaster} or {@code admin}. The signing secret is generated once and kept in the
 * settings table, so tokens survive restarts and every node sharing the database accepts them.
 *
 * <p>Threading: {@link #establish} blocks (JDBC); {@link #issue} and {@link #verify} are cheap
 * and may run on an event loop.
 */
public final class JwtTokens {

    /** The roles a token may carry. */
    public static final Set<String> ROLES = Set.of("viewer", "moderator", "broadcaster", "admin");

    static final String SETTING = "jwt_hs256_secret";
    private static final String ISSUER = "livepipe";

    private final JWTAuth auth;

    private JwtTokens(Vertx vertx, String secret) {
        this.auth = JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                .setJWTOptions(new JWTOptions().setIssuer(ISSUER)));
    }

    /** Loads the signing secret, creating it on first start. Blocking: call on a worker. */
    public static JwtTokens establish(Vertx vertx, SettingsRepository settings) {
        String secret = settings.get(SETTING).orElseGet(() -> {
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String generated = Base64.getEncoder().encodeToString(raw);
            settings.putIfAbsent(SETTING, generated);
            return settings.get(SETTING).orElseThrow();
        });
        return new JwtTokens(vertx, secret);
    }

    /**
     * A token for {@code name} with {@code role}, valid for {@code ttl}.
     *
     * @param extraClaims more claims to include (e.g. the stream a viewer token is for)
     */
    public String issue(String name, String role, Duration ttl, JsonObject extraClaims) {
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role " + role);
        }
        JsonObject claims = extraClaims.copy().put("sub", name).put("name", name).put("role", role);
        return auth.generateToken(claims, new JWTOptions().setIssuer(ISSUER)
                .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds())));
    }

    /** The token's claims if its signature, issuer and expiry are valid; a failed future otherwise. */
    public Future<JsonObject> verify(String token) {
        return auth.authenticate(new TokenCredentials(token)).map(user -> user.principal());
    }
}
