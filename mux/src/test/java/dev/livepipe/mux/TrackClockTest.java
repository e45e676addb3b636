// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import org.junit.jupiter.api.Test;

class TrackClockTest {

    private static final Track VIDEO_90K = new Track(0, Codec.H264, 90000, new CodecConfig.Avc(new byte[5]), 2, 2, 0, 0, "");
    private static final Track AAC_MS = new Track(1, Codec.AAC, 1000, new CodecConfig.AudioSpecific(new byte[2]), 0, 0,
            44100, 2, "");

    @Test
    void videoIsRebasedToTheSessionOriginInItsOwnTimescale() {
        TrackClock c = new TrackClock(VIDEO_90K, 10_000_000); // origin at 10 s
        assertThat(c.dts(900_000)).isZero();
        assertThat(c.dts(903_003)).isEqualTo(3003);
        assertThat(c.pts(909_009, 903_003, 3003)).isEqualTo(9009); // composition offset kept
        assertThat(c.dts(899_000)).isNegative(); // before the origin: the caller drops it
        assertThat(c.micros(90_000)).isEqualTo(1_000_000);
    }

    @Test
    void aacMillisecondStampsBecomeAnExact1024SampleCadence() {
        TrackClock c = new TrackClock(AAC_MS, 0);
        long[] expected = {0, 1024, 2048, 3072, 4096};
        long[] ms = {0, 23, 46, 70, 93}; // 1024 / 44.1 kHz = 23.22 ms, rounded by the edge
        for (int i = 0; i < ms.length; i++) {
            assertThat(c.dts(ms[i])).isEqualTo(expected[i]);
        }
    }

    @Test
    void aacFollowsARealGap() {
        TrackClock c = new TrackClock(AAC_MS, 0);
        c.dts(0);
        c.dts(23);
        assertThat(c.dts(1000)).isEqualTo(44100); // half a second of silence: resync to the input
        assertThat(c.dts(1023)).isEqualTo(44100 + 1024);
    }
}
