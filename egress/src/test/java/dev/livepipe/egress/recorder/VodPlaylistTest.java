// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VodPlaylistTest {

    @Test
    void byteRangesIntoOneMp4() {
        FragmentIndex index = new FragmentIndex(List.of(new FragmentIndex.Init(0, 812)),
                List.of(new FragmentIndex.Fragment(812, 250_000, 2_000_000, 0),
                        new FragmentIndex.Fragment(250_812, 248_100, 2_033_333, 0),
                        new FragmentIndex.Fragment(498_912, 61_000, 466_667, 0)), true);
        assertThat(VodPlaylist.render(index, "media.mp4")).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-TARGETDURATION:2
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="media.mp4",BYTERANGE="812@0"
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:250000@812
                media.mp4
                #EXTINF:2.033,
                #EXT-X-BYTERANGE:248100@250812
                media.mp4
                #EXTINF:0.467,
                #EXT-X-BYTERANGE:61000@498912
                media.mp4
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void aSecondInitSegmentStartsADiscontinuity() {
        FragmentIndex index = new FragmentIndex(
                List.of(new FragmentIndex.Init(0, 800), new FragmentIndex.Init(10_800, 790)),
                List.of(new FragmentIndex.Fragment(800, 10_000, 2_600_000, 0),
                        new FragmentIndex.Fragment(11_590, 9_000, 2_000_000, 1)), true);
        assertThat(VodPlaylist.render(index, "https://cdn.example/r/1.mp4")).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-TARGETDURATION:3
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="https://cdn.example/r/1.mp4",BYTERANGE="800@0"
                #EXTINF:2.600,
                #EXT-X-BYTERANGE:10000@800
                https://cdn.example/r/1.mp4
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="https://cdn.example/r/1.mp4",BYTERANGE="790@10800"
                #EXTINF:2.000,
                #EXT-X-BYTERANGE:9000@11590
                https://cdn.example/r/1.mp4
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void theIndexSurvivesItsJsonForm() {
        FragmentIndex index = new FragmentIndex(List.of(new FragmentIndex.Init(0, 800)),
                List.of(new FragmentIndex.Fragment(800, 10_000, 2_000_000, 0)), false);
        assertThat(FragmentIndex.fromJson(index.toJson())).isEqualTo(index);
        assertThat(index.toJson().getLong("bytes")).isEqualTo(10_800);
    }
}
