// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/** Small token helpers shared by the SDP parsers; package-private. */
final class SdpText {

    private static final int EXCERPT = 40;

    private SdpText() {
    }

    /** A short printable-ASCII excerpt of untrusted text for an error message. */
    static String excerpt(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), EXCERPT + 1));
        for (int i = 0; i < s.length() && i < EXCERPT; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (s.length() > EXCERPT) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** A non-negative decimal that fits {@code max}, or an {@link SdpException} naming {@code what}. */
    static long number(String token, long max, String what) {
        if (token.isEmpty() || token.length() > 19) {
            throw new SdpException("bad " + what + ": '" + excerpt(token) + "'");
        }
        long v = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '0' || c > '9') {
                throw new SdpException("bad " + what + ": '" + excerpt(token) + "'");
            }
            v = v * 10 + (c - '0');
            if (v > max) {
                throw new SdpException(what + " out of range: '" + excerpt(token) + "'");
            }
        }
        return v;
    }

    /** {@link #number} as an int. */
    static int integer(String token, int max, String what) {
        return (int) number(token, max, what);
    }

    /** Splits on single spaces (RFC 8866 fields are separated by exactly one SP; runs are tolerated). */
    static String[] fields(String s) {
        return s.trim().split(" +");
    }

    /** True if every char is an ice-char (RFC 8839 §5.4: ALPHA / DIGIT / "+" / "/"). */
    static boolean iceChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True if every char is a visible ASCII char (a token or a URI). */
    static boolean visible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
