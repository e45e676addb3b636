// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import static dev.livepipe.ingest.whip.rtp.ReceiverHarness.MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.Track;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** libopus / libvpx in the test → RTP → RtpReceiver (FFmpeg transcodes) → AAC / H.264 that decode. */
class RtpReceiverTranscodeTest {

    private static final Logger LOG = LoggerFactory.getLogger(RtpReceiverTranscodeTest.class);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    @Test
    void opusBecomesAacWithTheRightDuration() {
        List<TestCodecs.Encoded> opus = TestCodecs.opusSine(10.0);
        ReceiverHarness h = new ReceiverHarness(null, true, RtpReceiverConfig.defaults());
        RtpTestPacketizer packetizer = new RtpTestPacketizer(ReceiverHarness.OPUS_PT, 0x3333, 100, 1200);
        long start = h.now.get();
        long cpu = CPU.getCurrentThreadCpuTime();
        for (TestCodecs.Encoded e : opus) {
            long arrival = start + e.pts() * 1_000_000L / 48;
            h.rtp(packetizer.opus(e.data(), 12_345 + e.pts()), arrival);
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
        h.advanceTo(h.now.get() + 200 * MS);
        double seconds = opus.size() * 0.02;
        LOG.info("Opus→AAC: {} ms CPU per second of 48 kHz stereo audio", String.format("%.1f", cpu / 1e6 / seconds));

        assertThat(h.trackSets).hasSize(1);
        Track track = h.trackSets.get(0).get(0);
        assertThat(track.codec()).isEqualTo(Codec.AAC);
        assertThat(track.timescale()).isEqualTo(48_000);
        assertThat(track.sampleRate()).isEqualTo(48_000);
        assertThat(track.channels()).isEqualTo(2);
        assertThat(track.codecString()).isEqualTo("mp4a.40.2");
        List<AccessUnit> out = h.units(Codec.AAC);
        for (int i = 1; i < out.size(); i++) {
            assertThat(out.get(i).pts() - out.get(i - 1).pts()).isEqualTo(1024);
        }
        int samples = TestCodecs.decodeAac(track, out);
        // Everything but the last partial frame comes out (the encoder delay is flushed by nothing).
        assertThat(samples).isBetween(opus.size() * 960 - 3 * 1024, opus.size() * 960);
        assertThat(out.get(0).pts()).isGreaterThanOrEqualTo(0);
        h.receiver.close();
    }

    @Test
    void vp8BecomesH264ThatDecodes() {
        int frames = 150;
        List<TestCodecs.Encoded> vp8 = TestCodecs.vp8(1280, 720, 30, frames);
        assertThat(vp8.get(0).key()).isTrue();
        ReceiverHarness h = new ReceiverHarness("VP8", false, RtpReceiverConfig.defaults());
        RtpTestPacketizer packetizer = new RtpTestPacketizer(ReceiverHarness.VP8_PT, 0x4444, 500, 1200);
        long start = h.now.get();
        long cpu = CPU.getCurrentThreadCpuTime();
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        for (TestCodecs.Encoded e : vp8) {
            long arrival = start + e.pts() * 1_000_000_000L / 30;
            for (byte[] p : packetizer.vp8(e.data(), 777 + e.pts() * 3000)) {
                h.rtp(p, arrival);
            }
            if (e.pts() == 30) {
                h.receiver.requestKeyframe(); // HLS needs a keyframe: our encoder makes an IDR
            }
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
        process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() - process;
        h.advanceTo(h.now.get() + 200 * MS);
        LOG.info("VP8→H.264 1280x720@30: {} ms CPU (worker thread; {} ms whole process) per second of video",
                String.format("%.0f", cpu / 1e6 / (frames / 30.0)), String.format("%.0f", process / 1e6 / (frames / 30.0)));

        assertThat(h.trackSets).hasSize(1);
        Track track = h.trackSets.get(0).get(0);
        assertThat(track.codec()).isEqualTo(Codec.H264);
        assertThat(track.width()).isEqualTo(1280);
        assertThat(track.height()).isEqualTo(720);
        List<AccessUnit> out = h.units(Codec.H264);
        assertThat(out).hasSize(frames);
        assertThat(out.get(0).keyframe()).isTrue();
        assertThat(out.get(31).keyframe()).isTrue(); // forced by requestKeyframe after frame 30
        assertThat(TestCodecs.decodeH264(track, out)).isEqualTo(frames);
        assertThat(h.receiver.stats().plisSent()).isEqualTo(1); // only the one at start
        h.receiver.close();
    }

    @Test
    void audioAndVideoAreDeclaredTogetherAndSyncedBySenderReports() {
        List<TestCodecs.Encoded> opus = TestCodecs.opusSine(2.0);
        List<TestCodecs.Encoded> vp8 = TestCodecs.vp8(320, 240, 30, 60);
        ReceiverHarness h = new ReceiverHarness("VP8", true, RtpReceiverConfig.defaults());
        RtpTestPacketizer audio = new RtpTestPacketizer(ReceiverHarness.OPUS_PT, 0x5555, 1, 1200);
        RtpTestPacketizer video = new RtpTestPacketizer(ReceiverHarness.VP8_PT, 0x6666, 1, 1200);
        long start = h.now.get();
        long t0 = 1_700_000_000_000_000L;
        int a = 0;
        int v = 0;
        // Audio arrives on time, video 100 ms after capture; SRs tell the truth after 0.5 s.
        while (a < opus.size() || v < vp8.size()) {
            long ta = a < opus.size() ? start + opus.get(a).pts() * 1_000_000L / 48 : Long.MAX_VALUE;
            long tv = v < vp8.size() ? start + 100 * MS + vp8.get(v).pts() * 1_000_000_000L / 30 : Long.MAX_VALUE;
            if (ta <= tv) {
                h.rtp(audio.opus(opus.get(a).data(), opus.get(a).pts()), ta);
                a++;
            } else {
                for (byte[] p : video.vp8(vp8.get(v).data(), vp8.get(v).pts() * 3000)) {
                    h.rtp(p, tv);
                }
                v++;
            }
            if (a == 25) { // 0.5 s: both SRs, capture t0 = RTP 0 on both streams
                h.rtcpIn(RtpTestPacketizer.senderReport(0x5555, RtpTestPacketizer.ntp(t0 + 500_000), 24_000, 0, 0),
                        start + 500 * MS);
                h.rtcpIn(RtpTestPacketizer.senderReport(0x6666, RtpTestPacketizer.ntp(t0 + 500_000), 45_000, 0, 0),
                        start + 500 * MS);
                a++;
                h.rtp(audio.opus(opus.get(25).data(), opus.get(25).pts()), start + 500 * MS);
            }
        }
        h.advanceTo(h.now.get() + 300 * MS);
        assertThat(h.trackSets).hasSize(1);
        assertThat(h.trackSets.get(0)).extracting(Track::codec).containsExactly(Codec.H264, Codec.AAC);
        assertThat(h.trackSets.get(0)).extracting(Track::id).containsExactly(0, 1);
        List<AccessUnit> vOut = h.units(Codec.H264);
        List<AccessUnit> aOut = h.units(Codec.AAC);
        // After the SRs, the video frame captured at t0 + 1 s and the audio captured then line up.
        AccessUnit vLate = vOut.get(45);
        double vSeconds = vLate.pts() / 90_000.0;
        long wall = vLate.wallClockMillis();
        assertThat(wall).isEqualTo(t0 / 1000 + 1_500);
        AccessUnit aSame = aOut.stream().filter(u -> Math.abs(u.wallClockMillis() - wall) <= 11).findFirst()
                .orElseThrow();
        double aSeconds = aSame.pts() / 48_000.0;
        assertThat(Math.abs(vSeconds - aSeconds - (wall - aSame.wallClockMillis()) / 1000.0)).isLessThan(0.03);
        assertThat(TestCodecs.decodeH264(h.trackSets.get(0).get(0), vOut)).isEqualTo(vOut.size());
        h.receiver.close();
    }
}
