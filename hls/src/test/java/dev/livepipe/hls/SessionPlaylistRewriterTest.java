// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden strings for the per-viewer rewriting of a cached media playlist, and the session ids. */
class SessionPlaylistRewriterTest {

    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20.000Z

    @Test
    void everySegmentAndMapUriGetsTheSessionAndNothingElseChanges() {
        String cached = new MediaPlaylist(2, 5, 1, List.of(
                new MediaPlaylist.Entry("seg-5.m4s", 2_000_000, false, "init-0.mp4", T0),
                new MediaPlaylist.Entry("seg-6.m4s", 2_000_000, true, "init-1.mp4", T0 + 2000),
                new MediaPlaylist.Entry("seg-7.m4s", 1_966_667, false, null, T0 + 4000)), true).render();
        assertThat(SessionPlaylistRewriter.rewrite(cached, "Viewer_01-x")).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:5
                #EXT-X-DISCONTINUITY-SEQUENCE:1
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4?vs=Viewer_01-x"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.000+00:00
                #EXTINF:2.000,
                seg-5.m4s?vs=Viewer_01-x
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="init-1.mp4?vs=Viewer_01-x"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:22.000+00:00
                #EXTINF:2.000,
                seg-6.m4s?vs=Viewer_01-x
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:24.000+00:00
                #EXTINF:1.967,
                seg-7.m4s?vs=Viewer_01-x
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void removingTheQueriesGivesBackTheCachedBytes() {
        String cached = new MediaPlaylist(3, 0, 0, List.of(
                new MediaPlaylist.Entry("seg-0.m4s", 2_500_000, false, "init-0.mp4", T0)), false).render();
        String rewritten = SessionPlaylistRewriter.rewrite(cached, "abcdefgh");
        assertThat(rewritten.replace("?vs=abcdefgh", "")).isEqualTo(cached);
        assertThat(SessionPlaylistRewriter.rewrite("", "abcdefgh")).isEmpty();
        assertThat(SessionPlaylistRewriter.rewrite("#EXTM3U\nseg-1.m4s", "abcdefgh"))
                .isEqualTo("#EXTM3U\nseg-1.m4s?vs=abcdefgh");
    }

    @Test
    void multivariantVariantCarriesTheSession() {
        Variant v = new Variant("AbC/media.m3u8", 2_400_000, 0, List.of("avc1.64001f"), 0, 0, 0);
        String text = new MultivariantPlaylist(List.of(v.withUri(ViewerSessionIds.withSession(v.uri(), "s-123456"))))
                .render();
        assertThat(text).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2400000,CODECS="avc1.64001f"
                AbC/media.m3u8?vs=s-123456
                """);
    }

    @Test
    void sessionIdsAre8To64UrlSafeCharacters() {
        assertThat(ViewerSessionIds.isValid("abcdefgh")).isTrue();
        assertThat(ViewerSessionIds.isValid("A-b_9".repeat(12) + "abcd")).isTrue(); // 64
        assertThat(ViewerSessionIds.isValid("A-b_9".repeat(13))).isFalse(); // 65
        assertThat(ViewerSessionIds.isValid("abcdefg")).isFalse();
        assertThat(ViewerSessionIds.isValid(null)).isFalse();
        assertThat(ViewerSessionIds.isValid("abcd efgh")).isFalse();
        assertThat(ViewerSessionIds.isValid("abcd%20efgh")).isFalse();
        assertThat(ViewerSessionIds.isValid("abcdéfgh")).isFalse();
        String id = ViewerSessionIds.newId();
        assertThat(id).hasSize(16);
        assertThat(ViewerSessionIds.isValid(id)).isTrue();
        assertThat(ViewerSessionIds.newId()).isNotEqualTo(id);
    }
}
