// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.livepipe.ingest.whip.rtp.Depacketizer;
import dev.livepipe.ingest.whip.rtp.DepacketizedFrame;
import dev.livepipe.ingest.whip.rtp.H264Depacketizer;
import dev.livepipe.ingest.whip.rtp.RtpException;
import dev.livepipe.ingest.whip.rtp.RtpPacket;
import dev.livepipe.ingest.whip.rtp.Vp8Depacketizer;

/**
 * Parses arbitrary bytes as an RTP packet and feeds what parses to the H.264 and VP8
 * depacketizers. Malformed input may only raise {@link RtpException}; the payload must lie
 * inside the packet and every header extension lookup must stay in bounds.
 *
 * <p>Seeds: {@code src/test/resources/dev/livepipe/ingest/whip/rtp/fuzz/RtpPacketFuzzTestInputs/rtpPacket}.
 */
class RtpPacketFuzzTest {

    private static final Depacketizer.Sink SINK = new Depacketizer.Sink() {
        @Override public void frame(DepacketizedFrame frame) { }
        @Override public void keyframeNeeded(String reason) { }
    };

    @FuzzTest(maxDuration = "20s")
    void rtpPacket(byte[] data) {
        RtpPacket p;
        try {
            p = RtpPacket.parse(data, 0, data.length);
        } catch (RtpException expected) {
            return;
        }
        if (p.payloadOffset() < 12 || p.payloadOffset() + p.payloadLength() > data.length || p.payloadLength() < 0) {
            throw new AssertionError("payload outside the packet: " + p);
        }
        for (int id = 0; id < 256; id++) {
            p.extension(id);
        }
        p.copy().payloadCopy();
        new H264Depacketizer(SINK).packet(p, 0);
        new Vp8Depacketizer(SINK).packet(p, 0);
    }
}
