// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import java.util.Optional;

/**
 * A STUN or TURN server advertised to publishers in a {@code Link} header (RFC 9725 §4.6,
 * RFC 8288): {@code <turn:turn.example.net?transport=udp>; rel="ice-server"; username="u";
 * credential="p"; credential-type="password"}.
 *
 * @param url        {@code stun:}, {@code stuns:}, {@code turn:} or {@code turns:} URI
 * @param username   TURN username, if any
 * @param credential TURN password, if any (sent only to authorized publishers in the 201)
 */
public record IceServer(String url, Optional<String> username, Optional<String> credential) {

    /** Validates that the values cannot break the header. */
    public IceServer {
        if (!(url.startsWith("stun:") || url.startsWith("stuns:") || url.startsWith("turn:")
                || url.startsWith("turns:")) || !safe(url, '>')) {
            throw new IllegalArgumentException("ICE server URL must be stun:, stuns:, turn: or turns:");
        }
        if (username.isPresent() && !safe(username.get(), '"') || credential.isPresent() && !safe(credential.get(), '"')) {
            throw new IllegalArgumentException("ICE server username/credential must be printable, without quotes");
        }
    }

    /** A STUN server without credentials. */
    public static IceServer stun(String url) {
        return new IceServer(url, Optional.empty(), Optional.empty());
    }

    /** A TURN server with long-term credentials. */
    public static IceServer turn(String url, String username, String credential) {
        return new IceServer(url, Optional.of(username), Optional.of(credential));
    }

    /** The {@code Link} header value. */
    public String linkValue() {
        StringBuilder sb = new StringBuilder("<").append(url).append(">; rel=\"ice-server\"");
        username.ifPresent(u -> sb.append("; username=\"").append(u).append('"'));
        credential.ifPresent(c -> sb.append("; credential=\"").append(c).append("\"; credential-type=\"password\""));
        return sb.toString();
    }

    private static boolean safe(String s, char forbidden) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == forbidden || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
