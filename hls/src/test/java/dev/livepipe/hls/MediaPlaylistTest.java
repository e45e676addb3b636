// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden strings for whole playlists (RFC 8216 §4.3.3, §4.3.4). */
class MediaPlaylistTest {

    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20.000Z

    @Test
    void liveMediaPlaylist() {
        MediaPlaylist p = new MediaPlaylist(2, 5, 0, List.of(
                new MediaPlaylist.Entry("seg-5.m4s", 2_000_000, false, "init-0.mp4", T0),
                new MediaPlaylist.Entry("seg-6.m4s", 2_000_000, false, null, T0 + 2000),
                new MediaPlaylist.Entry("seg-7.m4s", 1_966_667, false, null, T0 + 4000)), false);
        assertThat(p.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:5
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.000+00:00
                #EXTINF:2.000,
                seg-5.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:22.000+00:00
                #EXTINF:2.000,
                seg-6.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:24.000+00:00
                #EXTINF:1.967,
                seg-7.m4s
                """);
    }

    @Test
    void discontinuityComesBeforeTheNewMapAndEndListLast() {
        MediaPlaylist p = new MediaPlaylist(3, 0, 0, List.of(
                new MediaPlaylist.Entry("seg-0.m4s", 2_500_000, false, "init-0.mp4", T0),
                new MediaPlaylist.Entry("seg-1.m4s", 2_000_000, true, "init-1.mp4", T0 + 9000)), true);
        assertThat(p.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:3
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.000+00:00
                #EXTINF:2.500,
                seg-0.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="init-1.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:29.000+00:00
                #EXTINF:2.000,
                seg-1.m4s
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void multivariantPlaylist() {
        MultivariantPlaylist p = new MultivariantPlaylist(List.of(new Variant("AbC/media.m3u8", 2_400_000, 2_000_000,
                List.of("avc1.64001f", "mp4a.40.2"), 1280, 720, 30)));
        assertThat(p.render()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2400000,AVERAGE-BANDWIDTH=2000000,CODECS="avc1.64001f,mp4a.40.2",\
                RESOLUTION=1280x720,FRAME-RATE=30.000
                AbC/media.m3u8
                """);
    }
}
