// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.livepipe.ingest.whip.rtp.RtcpPacket;
import dev.livepipe.ingest.whip.rtp.RtcpParser;
import dev.livepipe.ingest.whip.rtp.RtcpWriter;
import dev.livepipe.ingest.whip.rtp.RtpException;
import java.util.List;

/**
 * Parses arbitrary bytes as a compound RTCP packet. Malformed input may only raise
 * {@link RtpException}; receiver reports, NACKs and REMBs that parse must write and parse back
 * to the same values (a round-trip property).
 *
 * <p>Seeds: {@code src/test/resources/dev/livepipe/ingest/whip/rtp/fuzz/RtcpPacketFuzzTestInputs/rtcpPacket}.
 */
class RtcpPacketFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void rtcpPacket(byte[] data) {
        List<RtcpPacket> packets;
        try {
            packets = RtcpParser.parse(data, 0, data.length);
        } catch (RtpException expected) {
            return;
        }
        for (RtcpPacket p : packets) {
            switch (p) {
                case RtcpPacket.ReceiverReport rr -> {
                    byte[] again = RtcpWriter.receiverReport(rr.ssrc(), rr.reports());
                    same(rr, RtcpParser.parse(again, 0, again.length).get(0));
                }
                case RtcpPacket.Remb remb when remb.bitrateBps() < (1L << 40) && remb.ssrcs().size() < 256 -> {
                    byte[] again = RtcpWriter.remb(remb.senderSsrc(), remb.bitrateBps(), remb.ssrcs());
                    RtcpPacket.Remb back = (RtcpPacket.Remb) RtcpParser.parse(again, 0, again.length).get(0);
                    if (back.bitrateBps() != remb.bitrateBps() || !back.ssrcs().equals(remb.ssrcs())) {
                        throw new AssertionError("REMB round trip changed " + remb + " into " + back);
                    }
                }
                case RtcpPacket.Nack nack -> {
                    for (byte[] again : RtcpWriter.nack(nack.senderSsrc(), nack.mediaSsrc(), nack.lostSequenceNumbers())) {
                        RtcpParser.parse(again, 0, again.length);
                    }
                }
                default -> { }
            }
        }
    }

    private static void same(RtcpPacket a, RtcpPacket b) {
        if (!a.equals(b)) {
            throw new AssertionError("RTCP round trip changed " + a + " into " + b);
        }
    }
}
