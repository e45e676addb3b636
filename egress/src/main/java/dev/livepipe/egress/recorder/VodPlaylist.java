// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.util.Locale;

/**
 * An HLS VOD media playlist (RFC 8216) over one recording's fragmented MP4: {@code EXT-X-MAP} with a
 * {@code BYTERANGE} for the init segment (§4.3.2.5) and one {@code EXT-X-BYTERANGE} per fragment
 * (§4.3.2.2), {@code EXT-X-PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}. When the index has a second
 * init segment (the codec changed at a reconnect) the fragments after it get
 * {@code EXT-X-DISCONTINUITY} (§4.3.2.3) and a new map.
 *
 * <p>Version 6: byte ranges need 4, EXT-X-MAP in a playlist that is not I-frames-only needs 6
 * (§7). The target duration is the largest EXTINF rounded to the nearest integer (§4.3.3.1).
 * Stateless and thread-safe.
 */
public final class VodPlaylist {

    private VodPlaylist() {
    }

    /**
     * The playlist text.
     *
     * @param index    where the init segments and fragments are
     * @param mediaUri the URI of the MP4 as the playlist should name it (relative or absolute); every
     *                 range request goes there
     */
    public static String render(FragmentIndex index, String mediaUri) {
        long maxMicros = 0;
        for (FragmentIndex.Fragment f : index.fragments()) {
            maxMicros = Math.max(maxMicros, f.durationMicros());
        }
        long target = Math.max(1, Math.round(maxMicros / 1_000_000.0));
        StringBuilder b = new StringBuilder(128 + 64 * index.fragments().size());
        b.append("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:").append(target)
                .append("\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        int currentInit = -1;
        for (FragmentIndex.Fragment f : index.fragments()) {
            if (f.init() != currentInit) {
                if (currentInit >= 0) {
                    b.append("#EXT-X-DISCONTINUITY\n");
                }
                FragmentIndex.Init init = index.inits().get(f.init());
                b.append("#EXT-X-MAP:URI=\"").append(mediaUri).append("\",BYTERANGE=\"").append(init.size())
                        .append('@').append(init.offset()).append("\"\n");
                currentInit = f.init();
            }
            b.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", f.durationMicros() / 1_000_000.0))
                    .append(",\n#EXT-X-BYTERANGE:").append(f.size()).append('@').append(f.offset()).append('\n')
                    .append(mediaUri).append('\n');
        }
        return b.append("#EXT-X-ENDLIST\n").toString();
    }
}
