// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Viewer session ids: the {@code vs} query parameter that Livepipe puts on the playlist and
 * segment URIs it hands a player, so that every request of one playback can be told apart from
 * another's (8–64 characters of {@code [A-Za-z0-9_-]}).
 *
 * <p>Stateless and thread-safe.
 */
public final class ViewerSessionIds {

    /** The query parameter name. */
    public static final String PARAM = "vs";
    /** Shortest accepted id. */
    public static final int MIN_LENGTH = 8;
    /** Longest accepted id. */
    public static final int MAX_LENGTH = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ViewerSessionIds() {
    }

    /** A new random id: 16 URL-safe characters (96 bits). */
    public static String newId() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Whether {@code id} is an acceptable session id (null is not). */
    public static boolean isValid(String id) {
        if (id == null || id.length() < MIN_LENGTH || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code uri} with {@code ?vs=id} appended (the URIs Livepipe writes carry no query). */
    public static String withSession(String uri, String id) {
        return uri + "?" + PARAM + "=" + id;
    }
}
