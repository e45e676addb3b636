// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import java.util.Optional;

/**
 * The stream key from an {@code Authorization} header: {@code Bearer <key>} (RFC 9725 §4.5,
 * RFC 6750 §2.1) or the bare key (some publishers omit the scheme). The key is a secret; it is
 * only passed to the authorizer, never logged.
 */
final class BearerKey {

    private static final int MAX_KEY = 512;

    private BearerKey() {
    }

    /** The key, or empty when the header is missing, blank, too long or not visible ASCII. */
    static Optional<String> from(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String v = header.trim();
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            v = v.substring(7).trim();
        }
        if (v.isEmpty() || v.length() > MAX_KEY) {
            return Optional.empty();
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return Optional.empty();
            }
        }
        return Optional.of(v);
    }
}
