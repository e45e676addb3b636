// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Golden strings for each tag family (RFC 8216 §4.3). */
class PlaylistTagsTest {

    private static String render(Consumer<StringBuilder> writer) {
        StringBuilder b = new StringBuilder();
        writer.accept(b);
        return b.toString();
    }

    @Test
    void basicTags() {
        assertThat(render(BasicTags::extM3u)).isEqualTo("#EXTM3U\n");
        assertThat(render(b -> BasicTags.version(b, 7))).isEqualTo("#EXT-X-VERSION:7\n");
    }

    @Test
    void extInfHasMillisecondsAndRoundsHalfUp() {
        assertThat(render(b -> MediaSegmentTags.extInf(b, 2_000_000))).isEqualTo("#EXTINF:2.000,\n");
        assertThat(render(b -> MediaSegmentTags.extInf(b, 2_033_333))).isEqualTo("#EXTINF:2.033,\n");
        assertThat(render(b -> MediaSegmentTags.extInf(b, 1_999_500))).isEqualTo("#EXTINF:2.000,\n");
        assertThat(render(b -> MediaSegmentTags.extInf(b, 10_005_000))).isEqualTo("#EXTINF:10.005,\n");
        assertThat(render(b -> MediaSegmentTags.extInf(b, 42_000))).isEqualTo("#EXTINF:0.042,\n");
    }

    @Test
    void segmentTags() {
        assertThat(render(MediaSegmentTags::discontinuity)).isEqualTo("#EXT-X-DISCONTINUITY\n");
        assertThat(render(b -> MediaSegmentTags.map(b, "init-3.mp4"))).isEqualTo("#EXT-X-MAP:URI=\"init-3.mp4\"\n");
        assertThat(render(b -> MediaSegmentTags.programDateTime(b, 1_700_000_000_123L)))
                .isEqualTo("#EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:20.123+00:00\n");
        assertThat(render(b -> MediaSegmentTags.uri(b, "seg-9.m4s"))).isEqualTo("seg-9.m4s\n");
    }

    @Test
    void mediaPlaylistTags() {
        assertThat(render(b -> MediaPlaylistTags.targetDuration(b, 2))).isEqualTo("#EXT-X-TARGETDURATION:2\n");
        assertThat(render(b -> MediaPlaylistTags.mediaSequence(b, 17))).isEqualTo("#EXT-X-MEDIA-SEQUENCE:17\n");
        assertThat(render(b -> MediaPlaylistTags.discontinuitySequence(b, 2)))
                .isEqualTo("#EXT-X-DISCONTINUITY-SEQUENCE:2\n");
        assertThat(render(MediaPlaylistTags::endList)).isEqualTo("#EXT-X-ENDLIST\n");
        assertThat(render(MediaOrMultivariantTags::independentSegments)).isEqualTo("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }

    @Test
    void targetDurationIsTheCeilingOfTheWrittenExtInf() {
        assertThat(MediaPlaylistTags.targetDurationFor(2_000_000)).isEqualTo(2);
        assertThat(MediaPlaylistTags.targetDurationFor(2_000_400)).isEqualTo(2); // written as 2.000
        assertThat(MediaPlaylistTags.targetDurationFor(2_000_600)).isEqualTo(3); // written as 2.001
        assertThat(MediaPlaylistTags.targetDurationFor(2_600_000)).isEqualTo(3); // ≥ round(2.6) = 3
        assertThat(MediaPlaylistTags.targetDurationFor(100_000)).isEqualTo(1);
    }

    @Test
    void streamInf() {
        Variant v = new Variant("tok/media.m3u8", 1_200_000, 1_000_000, List.of("avc1.64001f", "mp4a.40.2"),
                1280, 720, 29.97);
        assertThat(render(b -> MultivariantTags.streamInf(b, v))).isEqualTo(
                "#EXT-X-STREAM-INF:BANDWIDTH=1200000,AVERAGE-BANDWIDTH=1000000,CODECS=\"avc1.64001f,mp4a.40.2\","
                        + "RESOLUTION=1280x720,FRAME-RATE=29.970\n"
                        + "tok/media.m3u8\n");
        Variant audioOnly = new Variant("a/media.m3u8", 130_000, 0, List.of("mp4a.40.2"), 0, 0, 0);
        assertThat(render(b -> MultivariantTags.streamInf(b, audioOnly)))
                .isEqualTo("#EXT-X-STREAM-INF:BANDWIDTH=130000,CODECS=\"mp4a.40.2\"\na/media.m3u8\n");
    }
}
