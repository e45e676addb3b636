// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Track;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SampleMedia;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SampleMedia access units through FFmpeg's mp4 muxer, checked with FFmpeg's demuxer and decoders. */
class SessionMuxerTest {

    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final SegmentMemory MEMORY = SegmentMemory.pooled();

    @TempDir
    Path dir;

    private record Muxed(byte[] init, List<CutSegment> segments) {
        byte[] all() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(init);
            segments.forEach(s -> out.writeBytes(s.bytes().toArray()));
            return out.toByteArray();
        }
    }

    static List<CutSegment> muxInto(SessionMuxer m, List<AccessUnit> units) {
        List<CutSegment> out = new ArrayList<>();
        for (AccessUnit u : units) {
            CutSegment c = m.accept(u);
            if (c != null) {
                out.add(c);
            }
        }
        CutSegment last = m.finish();
        if (last != null) {
            out.add(last);
        }
        return out;
    }

    private static Muxed mux(List<Track> tracks, List<AccessUnit> units) {
        try (SessionMuxer m = new SessionMuxer(tracks, TARGET, 64 << 20, 0, MEMORY)) {
            List<CutSegment> segments = muxInto(m, units);
            return new Muxed(segments.getFirst().init(), segments);
        }
    }

    private HlsChecker.Report play(String name, byte[]... parts) throws IOException {
        Path f = dir.resolve(name);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        Files.write(f, b.toByteArray());
        return HlsChecker.play(f);
    }

    private static String boxType(byte[] b) {
        return new String(b, 4, 4, StandardCharsets.US_ASCII);
    }

    @Test
    void segmentsStartWithKeyframesLastTwoSecondsAndDecode() throws IOException {
        SampleMedia media = SampleMedia.seconds(10);
        Muxed m = mux(media.tracks(), media.units());

        assertThat(boxType(m.init())).isEqualTo("ftyp");
        assertThat(new String(m.init(), StandardCharsets.ISO_8859_1)).contains("moov", "cmfc", "avcC", "esds");
        assertThat(m.segments()).hasSize(5);
        for (CutSegment s : m.segments()) {
            assertThat(boxType(s.bytes().toArray())).isEqualTo("moof");
            assertThat(s.startsWithKeyframe()).isTrue();
            assertThat(s.videoFrames()).isEqualTo(60);
            assertThat(s.durationMicros() / 1e6).isCloseTo(2.0, within(0.05));
        }
        assertThat(m.segments().subList(1, 5)).allMatch(s -> s.init() == null);

        HlsChecker.Report all = play("all.mp4", m.all());
        assertThat(all.clean()).as(all.toString()).isTrue();
        assertThat(all.videoFrames()).isEqualTo(media.videoUnits().size());
        assertThat(all.audioFrames()).isEqualTo(media.audioUnits().size());
        assertThat(all.width()).isEqualTo(640);
        assertThat(all.height()).isEqualTo(360);
        assertThat(all.sampleRate()).isEqualTo(48000);
        assertThat(all.channels()).isEqualTo(2);
        assertThat(all.videoSeconds()).isCloseTo(10.0, within(0.1));
        assertThat(all.audioSeconds()).isCloseTo(media.audioUnits().size() * 1024 / 48000.0, within(0.001));

        for (int i = 0; i < m.segments().size(); i++) {
            HlsChecker.Report one = play("seg" + i + ".mp4", m.init(), m.segments().get(i).bytes().toArray());
            assertThat(one.clean()).as(one.toString()).isTrue();
            assertThat(one.firstVideoKeyframe()).isTrue();
            assertThat(one.videoFrames()).isEqualTo(60);
        }
    }

    @Test
    void rtpTimescalesWork() throws IOException {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(4).withSize(320, 240)
                .withTimescales(90000, 48000));
        Muxed m = mux(media.tracks(), media.units());
        assertThat(m.segments()).hasSize(2);
        assertThat(m.segments().getFirst().durationMicros()).isEqualTo(2_000_000);
        HlsChecker.Report r = play("rtp.mp4", m.all());
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.videoFrames()).isEqualTo(120);
        assertThat(r.width()).isEqualTo(320);
    }

    @Test
    void audioOnlyCutsOnTime() throws IOException {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(6).audioOnly());
        Muxed m = mux(media.tracks(), media.units());
        assertThat(m.segments()).hasSize(3);
        for (CutSegment s : m.segments()) {
            assertThat(s.durationMicros() / 1e6).isCloseTo(2.0, within(0.03));
            assertThat(s.videoFrames()).isZero();
        }
        HlsChecker.Report r = play("audio.mp4", m.all());
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.audioFrames()).isEqualTo(media.audioUnits().size());
        assertThat(r.videoFrames()).isZero();
    }

    @Test
    void programDateTimeFollowsTimestampsNotArrival() {
        SampleMedia media = SampleMedia.seconds(6);
        long base = 1_700_000_000_000L;
        List<AccessUnit> stamped = media.units().stream()
                .map(u -> SampleMedia.stamp(u, System.nanoTime(), base + u.dtsMicros() / 1000)).toList();
        Muxed m = mux(media.tracks(), stamped);
        assertThat(m.segments()).extracting(CutSegment::programDateTimeMillis)
                .containsExactly(base, base + 2000, base + 4000);
        assertThat(m.segments()).allMatch(s -> s.lastArrivalNanos() > 0 && s.muxNanos() > 0);
    }

    @Test
    void waitsForTheFirstKeyframe() {
        SampleMedia media = SampleMedia.seconds(6);
        // Start mid-GOP: everything before the keyframe at 2 s is skipped.
        List<AccessUnit> fromMidGop = media.units().stream().filter(u -> u.dtsMicros() >= 500_000).toList();
        Muxed m = mux(media.tracks(), fromMidGop);
        assertThat(m.segments()).hasSize(2);
        assertThat(m.segments()).allMatch(CutSegment::startsWithKeyframe);
        assertThat(m.segments().stream().mapToInt(CutSegment::videoFrames).sum()).isEqualTo(120);
    }
}
