// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitterBufferTest {

    private static final long MS = 1_000_000L;
    private final List<String> out = new ArrayList<>();
    private final JitterBuffer.Sink sink = new JitterBuffer.Sink() {
        @Override
        public void packet(RtpPacket packet, long extSeq, long arrivalNanos) {
            out.add(String.valueOf(packet.sequenceNumber()));
        }

        @Override
        public void gap(int count) {
            out.add("gap");
        }
    };
    private final JitterBuffer buffer = new JitterBuffer(64, 100 * MS, true, 40 * MS, 3);

    private static RtpPacket packet(int seq) {
        byte[] b = new byte[13];
        b[0] = (byte) 0x80;
        b[1] = 96;
        b[2] = (byte) (seq >> 8);
        b[3] = (byte) seq;
        return RtpPacket.parse(b, 0, b.length);
    }

    private JitterBuffer.Result insert(int seq, long ms) {
        return buffer.insert(seq, packet(seq), ms * MS, sink);
    }

    @Test
    void reordersAcrossTheSequenceNumberWrap() {
        insert(65534, 0);
        insert(0, 1);
        insert(65535, 2);
        insert(1, 3);
        assertThat(out).containsExactly("65534", "65535", "0", "1");
    }

    @Test
    void dropsDuplicatesAndLatePackets() {
        insert(10, 0);
        insert(12, 1);
        assertThat(insert(12, 2)).isEqualTo(JitterBuffer.Result.DUPLICATE);
        insert(11, 3);
        assertThat(insert(10, 4)).isEqualTo(JitterBuffer.Result.LATE);
        assertThat(out).containsExactly("10", "11", "12");
        assertThat(buffer.duplicates()).isEqualTo(1);
        assertThat(buffer.late()).isEqualTo(1);
    }

    @Test
    void nacksHolesWithRetriesThenGivesUp() {
        insert(1, 0);
        insert(4, 10); // 2 and 3 missing
        assertThat(buffer.nacksDue(10 * MS)).containsExactly(2, 3);
        assertThat(buffer.nacksDue(20 * MS)).isEmpty(); // rate-limited
        assertThat(buffer.nacksDue(50 * MS)).containsExactly(2, 3);
        insert(2, 55); // repaired (late original or RTX)
        assertThat(buffer.recovered()).isEqualTo(1);
        assertThat(out).containsExactly("1", "2");
        assertThat(buffer.nacksDue(90 * MS)).containsExactly(3);
        assertThat(buffer.nacksDue(140 * MS)).isEmpty(); // 3 retries used
        buffer.drain(109 * MS, sink);
        assertThat(out).containsExactly("1", "2");
        buffer.drain(110 * MS, sink); // the window of 100 ms since the hole was seen at 10 ms
        assertThat(out).containsExactly("1", "2", "gap", "4");
        assertThat(buffer.lost()).isEqualTo(1);
        assertThat(buffer.nackRequests()).isEqualTo(5);
    }

    @Test
    void memoryIsBoundedByTheRing() {
        insert(0, 0);
        for (int s = 2; s < 200; s++) {
            insert(s, 1); // seq 1 never comes; the ring forces it out
        }
        assertThat(buffer.buffered()).isLessThanOrEqualTo(64);
        assertThat(out.get(0)).isEqualTo("0");
        assertThat(out.get(1)).isEqualTo("gap");
        assertThat(out).contains("150");
    }

    @Test
    void aLargeJumpStartsOver() {
        insert(100, 0);
        insert(30_000, 1);
        assertThat(out).containsExactly("100", "30000");
    }

    @Test
    void unwrapperExtendsBothWays() {
        Unwrapper u = new Unwrapper(16);
        long a = u.unwrap(65535);
        assertThat(u.unwrap(0)).isEqualTo(a + 1);
        assertThat(u.unwrap(65534)).isEqualTo(a - 1);
        assertThat(u.unwrap(1)).isEqualTo(a + 2);
        Unwrapper t = new Unwrapper(32);
        long b = t.unwrap(0xFFFFFF00L);
        assertThat(t.unwrap(0x100)).isEqualTo(b + 0x200);
    }

    @Test
    void receiveStatisticsFollowRfc3550() {
        ReceiveStatistics st = new ReceiveStatistics(5, 90_000);
        Unwrapper u = new Unwrapper(16);
        // 10 packets, one every 33 ms on both clocks except 3 arrives 10 ms late; 6 lost
        for (int i = 0; i < 10; i++) {
            if (i == 6) {
                continue;
            }
            long arrival = i * 33 * MS + (i == 3 ? 10 * MS : 0);
            st.onPacket(u.unwrap(i), i * 2970L, arrival, false);
        }
        st.onSenderReport(0xABCD1234L, 0);
        ReportBlock b = st.report(500 * MS);
        assertThat(b.cumulativeLost()).isEqualTo(1);
        assertThat(b.fractionLost()).isEqualTo(256 / 10);
        assertThat(b.extendedHighestSeq()).isEqualTo(9);
        assertThat(b.lastSr()).isEqualTo(0xABCD1234L);
        assertThat(b.delaySinceLastSr()).isEqualTo(32768);
        // two 900-tick deviations: J = 56.25, then 109.0; four quiet packets decay it to 84 ticks
        assertThat(st.jitterMillis()).isCloseTo(109.0 * Math.pow(15 / 16.0, 4) / 90, org.assertj.core.data.Offset.offset(0.02));
        assertThat(st.report(600 * MS).fractionLost()).isZero();
    }
}
