// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

/** Makes strings from the network safe for a log line: printable ASCII, bounded length. */
final class LogText {

    private static final int MAX = 64;

    private LogText() {
    }

    /** {@code s} with control and non-ASCII characters replaced by '?', cut at 64 characters. */
    static String of(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX + 1));
        for (int i = 0; i < s.length() && i < MAX; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (s.length() > MAX) {
            sb.append('…');
        }
        return sb.toString();
    }

    /** A URL without its query string (which may carry credentials). */
    static String withoutQuery(String url) {
        int q = url == null ? -1 : url.indexOf('?');
        return of(q >= 0 ? url.substring(0, q) : url);
    }
}
