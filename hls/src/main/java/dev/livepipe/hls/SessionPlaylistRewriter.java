// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * Puts a viewer session id on every URI of a rendered media playlist: each URI line (a segment)
 * and the {@code URI="…"} attribute of each {@code #EXT-X-MAP} tag get {@code ?vs=<id>}. Other
 * tags are copied unchanged, so the result differs from the cached rendering only by the added
 * queries.
 *
 * <p>One linear pass over the cached text per request, no regular expressions. Relies on the
 * playlist as {@link MediaPlaylist#render()} writes it: {@code \n} line ends, URIs without a
 * query. Stateless and thread-safe.
 */
public final class SessionPlaylistRewriter {

    private static final String MAP_PREFIX = "#EXT-X-MAP:URI=\"";

    private SessionPlaylistRewriter() {
    }

    /** The playlist with {@code ?vs=session} on every segment and init segment URI. */
    public static String rewrite(String playlist, String session) {
        String query = "?" + ViewerSessionIds.PARAM + "=" + session;
        StringBuilder out = new StringBuilder(playlist.length() + 16 * (query.length() + 1));
        int pos = 0;
        int n = playlist.length();
        while (pos < n) {
            int end = playlist.indexOf('\n', pos);
            int lineEnd = end < 0 ? n : end;
            if (lineEnd > pos && playlist.charAt(pos) != '#') {
                out.append(playlist, pos, lineEnd).append(query);
            } else if (playlist.startsWith(MAP_PREFIX, pos)) {
                int close = playlist.indexOf('"', pos + MAP_PREFIX.length());
                if (close > 0 && close < lineEnd) {
                    out.append(playlist, pos, close).append(query).append(playlist, close, lineEnd);
                } else {
                    out.append(playlist, pos, lineEnd);
                }
            } else {
                out.append(playlist, pos, lineEnd);
            }
            if (end < 0) {
                break;
            }
            out.append('\n');
            pos = end + 1;
        }
        return out.toString();
    }
}
