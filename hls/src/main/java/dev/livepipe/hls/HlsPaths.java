// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The URL layout of live HLS:
 * <pre>
 *   /hls/{streamId}/index.m3u8                 multivariant playlist (follows the stream's current broadcast)
 *   /hls/{streamId}/{token}/media.m3u8         media playlist of one broadcast
 *   /hls/{streamId}/{token}/init-{n}.mp4       init segment n (one per publisher session)
 *   /hls/{streamId}/{token}/seg-{seq}.m4s      media segment with media sequence number seq
 * </pre>
 * The token is random per broadcast, so a new broadcast never serves an old one's segments and a
 * stale cache entry never matches. URIs inside playlists are relative. Every one of these may
 * carry a viewer session query {@code ?vs=…} ({@link ViewerSessionIds}); it never changes what
 * the path names, only what is reported to analytics and which URIs a playlist writes.
 */
public final class HlsPaths {

    /** Where {@link HlsService#mount} puts everything. */
    public static final String PREFIX = "/hls";
    /** The media playlist's file name. */
    public static final String MEDIA_PLAYLIST = "media.m3u8";
    /** The multivariant playlist's file name. */
    public static final String MULTIVARIANT_PLAYLIST = "index.m3u8";

    private static final SecureRandom RANDOM = new SecureRandom();

    private HlsPaths() {
    }

    /** A new random broadcast token: 16 URL-safe characters (96 bits). */
    public static String newToken() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The absolute path of a stream's multivariant playlist. */
    public static String multivariant(String streamId) {
        return PREFIX + "/" + streamId + "/" + MULTIVARIANT_PLAYLIST;
    }

    /** The media playlist URI relative to the multivariant playlist. */
    public static String mediaPlaylistUri(String token) {
        return token + "/" + MEDIA_PLAYLIST;
    }

    /** An init segment's URI relative to the media playlist. */
    public static String initUri(int id) {
        return "init-" + id + ".mp4";
    }

    /** A media segment's URI relative to the media playlist. */
    public static String segmentUri(long sequence) {
        return "seg-" + sequence + ".m4s";
    }

    /** The init segment id named by {@code file}, or -1 if it does not name one. */
    static int parseInit(String file) {
        return (int) Math.min(Integer.MAX_VALUE, number(file, "init-", ".mp4"));
    }

    /** The media sequence number named by {@code file}, or -1 if it does not name a segment. */
    static long parseSegment(String file) {
        return number(file, "seg-", ".m4s");
    }

    private static long number(String file, String prefix, String suffix) {
        if (!file.startsWith(prefix) || !file.endsWith(suffix)) {
            return -1;
        }
        String digits = file.substring(prefix.length(), file.length() - suffix.length());
        if (digits.isEmpty() || digits.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
