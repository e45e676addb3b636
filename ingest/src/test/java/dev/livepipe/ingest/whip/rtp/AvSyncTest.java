// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AvSyncTest {

    private static final long MS = 1_000_000L;
    private static final long VIDEO = 1;
    private static final long AUDIO = 2;
    private static final long T0_MICROS = 1_700_000_000_000_000L; // capture clock of the sender (Unix µs)

    @Test
    void beforeSenderReportsStreamsAreAnchoredOnArrival() {
        AvSync sync = new AvSync(() -> 1_000);
        sync.addStream(VIDEO, 90_000);
        sync.addStream(AUDIO, 48_000);
        assertThat(sync.toTimeline(VIDEO, 5_000, 0)).isEqualTo(9_000); // lead 100 ms in 90 kHz
        assertThat(sync.toTimeline(VIDEO, 5_000 + 9_000, 100 * MS)).isEqualTo(18_000);
        assertThat(sync.toTimeline(AUDIO, 777, 40 * MS)).isEqualTo(48 * 140);
        assertThat(sync.wallClockMillis(AUDIO, 777, 40 * MS)).isEqualTo(1_040);
    }

    @Test
    void senderReportsAlignCaptureTimesAndOnlyMoveForward() {
        AvSync sync = new AvSync(() -> 0);
        sync.addStream(VIDEO, 90_000);
        sync.addStream(AUDIO, 48_000);
        // Video RTP 1000 was captured at T0, audio RTP 50 000 at T0 too; audio arrives 80 ms
        // before video (pacing), so arrival-based anchoring puts video 80 ms late.
        long v0 = sync.toTimeline(VIDEO, 1_000, 80 * MS);
        long a0 = sync.toTimeline(AUDIO, 50_000, 0);
        assertThat(v0 * 1000 / 90).isEqualTo(a0 * 1000 / 48 + 80_000);
        // SRs: one second later on the sender's clock for both
        sync.onSenderReport(VIDEO, RtpTestPacketizer.ntp(T0_MICROS + 1_000_000), 1_000 + 90_000, 1_000 * MS);
        assertThat(sync.locked()).isFalse();
        sync.onSenderReport(AUDIO, RtpTestPacketizer.ntp(T0_MICROS + 1_000_000), 50_000 + 48_000, 1_010 * MS);
        assertThat(sync.locked()).isTrue();
        long v = sync.toTimeline(VIDEO, 1_000 + 90_000 * 2, 2_080 * MS);
        long a = sync.toTimeline(AUDIO, 50_000 + 48_000 * 2, 2_000 * MS);
        // The same capture instant now has the same timeline position (to a tick), video unchanged.
        assertThat(Math.abs(v * 1_000_000 / 90_000 - a * 1_000_000 / 48_000)).isLessThanOrEqualTo(25);
        assertThat(v).isEqualTo(v0 + 180_000);
        assertThat(a).isGreaterThan(a0 + 96_000); // audio moved forward by the 80 ms
        assertThat(sync.wallClockMillis(VIDEO, 1_000 + 90_000 * 2, 0)).isEqualTo(T0_MICROS / 1000 + 2_000);
    }
}
