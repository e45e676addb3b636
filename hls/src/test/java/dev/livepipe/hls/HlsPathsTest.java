// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HlsPathsTest {

    @Test
    void namesRoundTrip() {
        assertThat(HlsPaths.parseSegment(HlsPaths.segmentUri(42))).isEqualTo(42);
        assertThat(HlsPaths.parseInit(HlsPaths.initUri(3))).isEqualTo(3);
        assertThat(HlsPaths.multivariant("s1")).isEqualTo("/hls/s1/index.m3u8");
        assertThat(HlsPaths.mediaPlaylistUri("tok")).isEqualTo("tok/media.m3u8");
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"seg-.m4s", "seg--1.m4s", "seg-1.mp4", "seg-1a.m4s", "init-x.mp4",
            "seg-12345678901234567890.m4s", "media.m3u8", "../seg-1.m4s"}) {
            assertThat(HlsPaths.parseSegment(bad)).as(bad).isEqualTo(-1);
            assertThat(HlsPaths.parseInit(bad)).as(bad).isEqualTo(-1);
        }
    }

    @Test
    void tokensAreRandomAndUrlSafe() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = HlsPaths.newToken();
            assertThat(t).hasSize(16).matches("[A-Za-z0-9_-]+");
            seen.add(t);
        }
        assertThat(seen).hasSize(1000);
    }
}
