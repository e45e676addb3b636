// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.auth;

import dev.livepipe.storage.settings.SettingsRepository;
import dev.livepipe.storage.streams.StreamKeys;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Establishes the admin token: the operator's {@code LIVEPIPE_ADMIN_TOKEN} when set; otherwise a
 * token generated on first start, printed once to standard output, and stored only as its
 * SHA-256 hash. Blocking (JDBC): call on a worker thread.
 */
public final class AdminToken {

    static final String SETTING = "admin_token_sha256";

    private AdminToken() {
    }

    /** Returns the SHA-256 hex of the admin token, generating and announcing one if needed. */
    public static String establish(Optional<String> configured, SettingsRepository settings) {
        if (configured.isPresent()) {
            return StreamKeys.hash(configured.get());
        }
        Optional<String> stored = settings.get(SETTING);
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = StreamKeys.hash(token);
        settings.put(SETTING, hash);
        // Printed exactly once, on the console only (not through the logger, never stored).
        System.out.println("""

                ================================================================
                Livepipe admin token (shown only now; stored as a hash):
                  %s
                Use it as 'Authorization: Bearer <token>' for /api. Set
                LIVEPIPE_ADMIN_TOKEN to choose your own instead.
                ================================================================
                """.formatted(token));
        return hash;
    }
}
