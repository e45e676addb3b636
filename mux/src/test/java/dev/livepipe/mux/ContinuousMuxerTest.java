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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions, reconnects and muxing failures of one broadcast through {@link ContinuousMuxer}. */
class ContinuousMuxerTest {

    private static final Duration TARGET = Duration.ofSeconds(2);
    private static final SegmentMemory MEMORY = SegmentMemory.pooled();

    @TempDir
    Path dir;

    /** Records what the muxer hands out; optionally fails on chosen segments. */
    private static final class Recorded implements ContinuousMuxer.Output {
        final List<List<Track>> opened = new ArrayList<>();
        final List<CutSegment> segments = new ArrayList<>();
        final int failOnSegment;
        int seen;

        Recorded(int failOnSegment) {
            this.failOnSegment = failOnSegment;
        }

        Recorded() {
            this(-1);
        }

        @Override
        public void onSessionOpened(List<Track> tracks) {
            opened.add(tracks);
        }

        @Override
        public void onSegment(CutSegment cut) {
            if (seen++ == failOnSegment) {
                cut.bytes().release(); // an output releases what it was handed, even when it fails
                throw new IllegalStateException("output failed");
            }
            segments.add(cut);
        }

        byte[] file() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(segments.getFirst().init());
            segments.forEach(s -> out.writeBytes(s.bytes().toArray()));
            return out.toByteArray();
        }
    }

    private static ContinuousMuxer muxer(Recorded out) {
        return new ContinuousMuxer("[test]", TARGET, 64 << 20, out, MEMORY);
    }

    @Test
    void aReconnectContinuesTheTimelineWithANewInitSegment() throws IOException {
        SampleMedia media = SampleMedia.seconds(4);
        Recorded out = new Recorded();
        try (ContinuousMuxer m = muxer(out)) {
            m.startSession(media.tracks());
            media.units().forEach(m::accept);
            m.endSession(); // publisher lost: the tail is flushed
            assertThat(out.segments).hasSize(2);
            assertThat(m.timelineMicros() / 1e6).isCloseTo(4.0, within(0.05));

            m.startSession(media.tracks()); // the publisher is back; its timestamps restart at zero
            media.units().forEach(m::accept);
            m.end();
            assertThat(m.timelineMicros() / 1e6).isCloseTo(8.0, within(0.1));
        }

        assertThat(out.opened).hasSize(2).allSatisfy(t -> assertThat(t).hasSize(2));
        assertThat(out.segments).hasSize(4);
        assertThat(out.segments).extracting(s -> s.init() != null).containsExactly(true, false, true, false);
        assertThat(out.segments).extracting(CutSegment::tail).containsExactly(false, true, false, true);
        assertThat(out.segments.get(2).init()).isEqualTo(out.segments.get(0).init());

        Path f = dir.resolve("broadcast.mp4");
        Files.write(f, out.file());
        HlsChecker.Report r = HlsChecker.play(f);
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.videoFrames()).isEqualTo(2 * media.videoUnits().size());
        assertThat(r.videoSeconds()).isCloseTo(8.0, within(0.1));
    }

    @Test
    void aMuxingFailureRestartsAtTheNextKeyframe() {
        SampleMedia media = SampleMedia.seconds(6);
        Recorded out = new Recorded(0);
        try (ContinuousMuxer m = muxer(out)) {
            m.startSession(media.tracks());
            media.units().forEach(m::accept); // the output fails on the first segment
            m.end();
            // the failed session ended at 2 s; the restart skipped to the keyframe at 4 s
            assertThat(m.timelineMicros() / 1e6).isCloseTo(4.0, within(0.1));
        }
        assertThat(out.opened).hasSize(2);
        assertThat(out.segments).hasSize(1);
        CutSegment s = out.segments.getFirst();
        assertThat(s.init()).isNotNull();
        assertThat(s.startsWithKeyframe()).isTrue();
        assertThat(s.videoFrames()).isEqualTo(60);
    }

    @Test
    void noRestartAfterTheEnd() {
        Recorded out = new Recorded(0);
        SampleMedia media = SampleMedia.seconds(6);
        try (ContinuousMuxer m = muxer(out)) {
            m.startSession(media.tracks());
            media.firstSeconds(2.5).forEach(m::accept); // fails at the 2 s cut, reopens at the next unit
            assertThat(out.opened).hasSize(2);
            m.end();
            media.units().forEach(m::accept);
        }
        assertThat(out.opened).hasSize(2);
        assertThat(out.segments).isEmpty();
    }

    @Test
    void aSessionWithNothingToMuxIsSkipped() {
        SampleMedia media = SampleMedia.seconds(4);
        Track v = media.video().orElseThrow();
        Track sizeless = new Track(v.id(), v.codec(), v.timescale(), v.config(), 0, 0, 0, 0, null);
        Recorded out = new Recorded();
        try (ContinuousMuxer m = muxer(out)) {
            m.startSession(List.of(sizeless));
            media.videoUnits().forEach(m::accept);
            m.endSession();
            assertThat(out.opened).isEmpty();
            assertThat(out.segments).isEmpty();

            m.startSession(media.tracks()); // the next session is muxed again
            media.units().forEach(m::accept);
        }
        // close() frees the muxer without flushing the tail
        assertThat(out.opened).hasSize(1);
        assertThat(out.segments).hasSize(1);
        assertThat(out.segments.getFirst().tail()).isFalse();
    }
}
