// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static dev.livepipe.ingest.whip.rtp.ReceiverHarness.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import dev.livepipe.media.codec.AvcDecoderConfig;
import dev.livepipe.testkit.SampleMedia;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** libopenh264 → test packetizer → shuffle, loss and RTX → RtpReceiver → strict FFmpeg decode. */
class RtpReceiverH264Test {

    private static final long VIDEO_SSRC = 0x1111L;
    private static final long RTX_SSRC = 0x2222L;

    @Test
    void reorderedAndRepairedH264DecodesCleanly() {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().videoOnly().withSeconds(3)
                .withTimescales(90_000, 48_000));
        Track source = media.video().orElseThrow();
        AvcDecoderConfig avcC = AvcDecoderConfig.parse(source.config().bytes());
        ReceiverHarness h = new ReceiverHarness("H264", false, RtpReceiverConfig.defaults());
        RtpTestPacketizer packetizer = new RtpTestPacketizer(ReceiverHarness.H264_PT, VIDEO_SSRC, 65_000, 1_100);

        List<byte[]> packets = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        long start = h.now.get();
        for (AccessUnit u : media.videoUnits()) {
            List<byte[]> nalus = new ArrayList<>(((Payload.H264) u.payload()).nalus());
            if (u.keyframe() && nalus.stream().noneMatch(n -> (n[0] & 0x1F) == 7)) {
                nalus.add(0, avcC.pps().get(0)); // browsers send SPS/PPS in band before each IDR
                nalus.add(0, avcC.sps().get(0));
            }
            for (byte[] p : packetizer.h264(nalus, 3_000_000L + u.pts())) {
                packets.add(p);
                times.add(start + u.pts() * 1_000_000L / 90);
            }
        }
        // Swap a few neighbours (reordering), and lose packet 40 and 140: both come back by RTX.
        for (int i = 10; i + 1 < packets.size(); i += 37) {
            byte[] t = packets.get(i);
            packets.set(i, packets.get(i + 1));
            packets.set(i + 1, t);
        }
        int rtxSeq = 0;
        for (int i = 0; i < packets.size(); i++) {
            if (i == 40 || i == 140) {
                continue;
            }
            h.rtp(packets.get(i), times.get(i));
            if (i == 43 || i == 143) {
                byte[] lost = packets.get(i - 3);
                h.rtp(RtpTestPacketizer.rtx(lost, ReceiverHarness.RTX_PT, RTX_SSRC, rtxSeq++), times.get(i) + 30 * MS);
            }
        }
        h.advanceTo(times.get(times.size() - 1) + 500 * MS);

        assertThat(h.trackSets).hasSize(1);
        Track track = h.trackSets.get(0).get(0);
        assertThat(track.codec()).isEqualTo(Codec.H264);
        assertThat(track.timescale()).isEqualTo(90_000);
        assertThat(track.width()).isEqualTo(640);
        assertThat(track.height()).isEqualTo(360);
        assertThat(track.codecString()).isEqualTo(avcC.codecString());
        List<AccessUnit> out = h.units(Codec.H264);
        assertThat(out).hasSize(media.videoUnits().size());
        assertThat(out.get(0).keyframe()).isTrue();
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).dts() - out.get(i - 1).dts()).isEqualTo(3000);
        }
        assertThat(TestCodecs.decodeH264(track, out)).isEqualTo(out.size());

        List<RtcpPacket> sent = h.sent();
        assertThat(sent).anySatisfy(p -> assertThat(p).isInstanceOf(RtcpPacket.Pli.class)); // PLI at start
        assertThat(sent).filteredOn(p -> p instanceof RtcpPacket.Nack)
                .flatExtracting(p -> ((RtcpPacket.Nack) p).lostSequenceNumbers())
                .contains((65_000 + 40) & 0xFFFF, (65_000 + 140) & 0xFFFF);
        assertThat(sent).filteredOn(p -> p instanceof RtcpPacket.Remb).isNotEmpty()
                .allSatisfy(p -> {
                    assertThat(((RtcpPacket.Remb) p).bitrateBps()).isEqualTo(6_000_000);
                    assertThat(((RtcpPacket.Remb) p).ssrcs()).containsExactly(VIDEO_SSRC);
                });
        assertThat(sent).anySatisfy(p -> assertThat(p).isInstanceOf(RtcpPacket.ReceiverReport.class));
        RtpReceiverStats stats = h.receiver.stats();
        assertThat(stats.packetsLost()).isZero();
        assertThat(stats.rtxRecovered()).isGreaterThanOrEqualTo(2);
        assertThat(stats.nacksSent()).isGreaterThanOrEqualTo(2);
        assertThat(stats.videoFrames()).isEqualTo(out.size());
        assertThat(stats.framesDropped()).isZero();
        h.receiver.close();
    }

    @Test
    void unrepairedLossDropsFramesUntilTheNextIdrAndSendsPli() {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().videoOnly().withSeconds(3)
                .withTimescales(90_000, 48_000));
        AvcDecoderConfig avcC = AvcDecoderConfig.parse(media.video().orElseThrow().config().bytes());
        ReceiverHarness h = new ReceiverHarness("H264", false, RtpReceiverConfig.defaults().withNack(false));
        RtpTestPacketizer packetizer = new RtpTestPacketizer(ReceiverHarness.H264_PT, VIDEO_SSRC, 1, 1_100);
        long start = h.now.get();
        int frame = 0;
        int packetIndex = 0;
        for (AccessUnit u : media.videoUnits()) {
            List<byte[]> nalus = new ArrayList<>(((Payload.H264) u.payload()).nalus());
            if (u.keyframe() && nalus.stream().noneMatch(n -> (n[0] & 0x1F) == 7)) {
                nalus.add(0, avcC.pps().get(0));
                nalus.add(0, avcC.sps().get(0));
            }
            List<byte[]> ps = packetizer.h264(nalus, u.pts());
            for (int i = 0; i < ps.size(); i++) {
                if (frame == 10 && i == 0) {
                    continue; // lose the first packet of frame 10 (a P frame in the first GOP)
                }
                h.rtp(ps.get(i), start + u.pts() * 1_000_000L / 90);
                packetIndex++;
            }
            frame++;
        }
        h.advanceTo(h.now.get() + 500 * MS);
        List<AccessUnit> out = h.units(Codec.H264);
        // Frames 10..59 of the first 2 s GOP are gone; output resumes at the IDR of frame 60.
        assertThat(out).hasSize(media.videoUnits().size() - 50);
        assertThat(out.get(10).keyframe()).isTrue();
        assertThat(TestCodecs.decodeH264(h.trackSets.get(0).get(0), out)).isEqualTo(out.size());
        assertThat(h.receiver.stats().plisSent()).isGreaterThanOrEqualTo(2);
        assertThat(h.receiver.stats().packetsLost()).isEqualTo(1);
        assertThat(packetIndex).isPositive();
    }
}
