// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class IngestStatsTest {

    private static final Track VIDEO = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(new byte[] {1}),
            640, 360, 0, 0, "avc1.42c01e");
    private static final Track AUDIO = new Track(1, Codec.AAC, 1000,
            new CodecConfig.AudioSpecific(new byte[] {0x11, (byte) 0x90}), 0, 0, 48000, 2, "mp4a.40.2");

    @Test
    void ratesFollowMediaTimeEvenWhenFramesArriveInABurst() {
        IngestStats stats = new IngestStats();
        long arrival = System.nanoTime(); // every unit "arrives" at once, as after a held-back start
        for (int i = 0; i < 90; i++) { // 3 s of 30 fps video, 12,500 bytes a frame = 3 Mbit/s
            long dts = Math.round(i * 1000 / 30.0);
            stats.record(new AccessUnit(VIDEO, dts, dts, i % 60 == 0, arrival, 0,
                    new Payload.H264(List.of(new byte[12_500]))));
        }
        IngestStats.Snapshot s = stats.snapshot();
        assertThat(s.frameRate()).isCloseTo(30.0, within(0.1));
        assertThat(s.bitrateBps()).isBetween(2_900_000L, 3_200_000L);
        assertThat(s.keyframeIntervalSeconds()).isCloseTo(2.0, within(0.01));
        assertThat(s.videoFrames()).isEqualTo(90);
    }

    @Test
    void theWindowSlidesAndAReconnectStartsOver() {
        IngestStats stats = new IngestStats();
        for (int i = 0; i < 300; i++) { // 10 s of 30 fps with 48 kHz AAC frames beside it
            long dts = Math.round(i * 1000 / 30.0);
            stats.record(new AccessUnit(VIDEO, dts, dts, false, 0, 0, new Payload.H264(List.of(new byte[1000]))));
            stats.record(new AccessUnit(AUDIO, dts, dts, true, 0, 0, new Payload.Aac(new byte[100])));
        }
        assertThat(stats.snapshot().frameRate()).isCloseTo(30.0, within(0.2));
        stats.resetTimeline();
        assertThat(stats.snapshot().frameRate()).isZero();
        assertThat(stats.snapshot().videoFrames()).isEqualTo(300); // totals survive a reconnect
    }
}
