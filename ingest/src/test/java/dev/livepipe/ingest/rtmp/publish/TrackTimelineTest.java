// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackTimelineTest {

    @Test
    void continuesAcrossThe32BitWrap() {
        TrackTimeline t = new TrackTimeline();
        assertThat(t.next(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
        assertThat(t.next(0xFFFF_FFF0L)).isEqualTo(0xFFFF_FFF0L);
        assertThat(t.next(0x10)).isEqualTo(0x1_0000_0010L);
        assertThat(t.next(0x50)).isEqualTo(0x1_0000_0050L);
    }

    @Test
    void holdsTimestampsThatGoBackwards() {
        TrackTimeline t = new TrackTimeline();
        assertThat(t.next(1000)).isEqualTo(1000);
        assertThat(t.next(990)).isEqualTo(1000);
        assertThat(t.next(995)).isEqualTo(1000);
        assertThat(t.next(1010)).isEqualTo(1010);
        assertThat(t.clamped()).isEqualTo(2);
    }
}
