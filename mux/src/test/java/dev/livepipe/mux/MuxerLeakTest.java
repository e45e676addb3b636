// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import dev.livepipe.testkit.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Many muxers created, used and closed in a loop: native memory must not grow with the count. */
class MuxerLeakTest {

    private static final SegmentMemory MEMORY = SegmentMemory.pooled();

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS");
    }

    /** Lets the GC run and JavaCPP free what it allocated for by-value returns. */
    private static void settle() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Pointer.deallocateReferences();
        }
    }

    private static void oneLife(List<Track> tracks, List<AccessUnit> units) {
        try (SessionMuxer m = new SessionMuxer(tracks, Duration.ofMillis(500), 64 << 20, 0, MEMORY)) {
            for (AccessUnit u : units) {
                release(m.accept(u));
            }
            release(m.finish());
        }
    }

    private static void release(CutSegment cut) {
        if (cut != null) {
            cut.bytes().release();
        }
    }

    /**
     * Relies on the fixed, pre-touched heap the mux pom gives the test JVM (-Xms = -Xmx,
     * AlwaysPreTouch): the Java heap's share of RSS is then constant and any growth is native.
     */
    @Test
    void nativeMemoryDoesNotGrowWithTheNumberOfMuxers() throws IOException {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(1).withSize(320, 240));
        List<AccessUnit> units = media.units(); // 1 s: two segments plus the tail per muxer
        for (int i = 0; i < 300; i++) {
            oneLife(media.tracks(), units);
        }
        settle();
        long rssBefore = rssKb();
        long javacppBefore = Pointer.totalBytes();
        int rounds = 4000;
        long t0 = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            oneLife(media.tracks(), units);
        }
        long perMuxerMicros = (System.nanoTime() - t0) / 1000 / rounds;
        settle();
        long growthKb = rssKb() - rssBefore;
        long javacppGrowth = Pointer.totalBytes() - javacppBefore;
        System.out.printf("%d muxer lives (open, 2 segments + tail, close), %d us each; RSS %+d KiB (%d B per muxer); "
                + "JavaCPP-owned native memory %+d B%n", rounds, perMuxerMicros, growthKb, growthKb * 1024 / rounds,
                javacppGrowth);
        assertThat(CmafMuxer.openCount()).isZero();
        assertThat(AvioCollector.openCount()).isZero();
        assertThat(MEMORY.liveSegments()).isZero();
        assertThat(MEMORY.liveBytes()).isZero();
        // A leaked AVIO buffer alone would be 64 KiB per muxer (250 MiB here); 8 MiB is 2 KiB per muxer.
        assertThat(growthKb).isLessThan(8 * 1024);
        assertThat(javacppGrowth).isLessThan(1 << 20);
    }

    @Test
    void failedSetupFreesEverythingAndExplainsWhy() {
        Track noSize = new Track(0, Codec.H264, 90000, new CodecConfig.Avc(new byte[] {1, 0x42, 0, 0x1e, -1, -31, 0, 0, 0}),
                0, 0, 0, 0, "avc1.42001e");
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> new CmafMuxer(List.of(noSize), MEMORY))
                    .isInstanceOf(FfmpegException.class)
                    .hasMessageContaining("avformat_write_header")
                    .hasMessageContaining("Invalid argument");
        }
        assertThat(CmafMuxer.openCount()).isZero();
        assertThat(AvioCollector.openCount()).isZero();
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFails() {
        SampleMedia media = SampleMedia.encode(SampleMedia.Spec.defaults().withSeconds(1).withSize(320, 240));
        CmafMuxer m = new CmafMuxer(media.tracks(), MEMORY);
        m.close();
        m.close();
        assertThat(CmafMuxer.openCount()).isZero();
        assertThatThrownBy(m::flush).isInstanceOf(IllegalStateException.class);
    }
}
