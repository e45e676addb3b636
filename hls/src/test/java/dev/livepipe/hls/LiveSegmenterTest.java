// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import dev.livepipe.mux.SegmentMemory;
import dev.livepipe.testkit.HlsChecker;
import dev.livepipe.testkit.SampleMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HLS reader driven directly (no HTTP): sessions, reconnects, end, played back by FFmpeg's HLS demuxer. */
class LiveSegmenterTest {

    private static final long BASE = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final List<SegmentTiming> timings = new CopyOnWriteArrayList<>();
    private final SegmentMemory memory = SegmentMemory.pooled();
    private final HlsStream stream = new HlsStream("s1", "b1", "tok", System.nanoTime());
    private final LiveSegmenter segmenter = new LiveSegmenter(stream, HlsConfig.defaults(),
            List.of(new HlsMetrics() {
                @Override public void onSegment(SegmentTiming t) { timings.add(t); }
            }), memory);

    private static PublisherSession session(int sequence, List<Track> tracks) {
        return new PublisherSession(sequence, tracks, sequence > 0, new PublisherInfo("test", "127.0.0.1:1", ""));
    }

    private void feed(List<AccessUnit> units, long wallBase) {
        SampleMedia.feed(units, segmenter::onAccessUnit, 0, wallBase);
    }

    /** Writes what the stream serves into a directory, as files FFmpeg's HLS demuxer can read. */
    private Path writeOut(StreamSnapshot s) throws IOException {
        Path playlist = dir.resolve("media.m3u8");
        Files.writeString(playlist, s.mediaPlaylist());
        for (var e : s.inits().entrySet()) {
            Files.write(dir.resolve(HlsPaths.initUri(e.getKey())), e.getValue().getBytes());
        }
        for (Segment seg : s.fetchable().values()) {
            Files.write(dir.resolve(HlsPaths.segmentUri(seg.sequence())), seg.bytes().toArray());
        }
        return playlist;
    }

    @Test
    void reconnectStartsANewInitBehindADiscontinuityAndEndWritesEndList() throws IOException {
        SampleMedia media = SampleMedia.seconds(6);
        segmenter.onSession(session(0, media.tracks()));
        feed(media.units(), BASE);
        assertThat(stream.snapshot().window()).hasSize(2); // the third segment waits for the next keyframe

        segmenter.onPublisherLost();
        StreamSnapshot lost = stream.snapshot();
        assertThat(lost.window()).hasSize(3); // the tail was flushed for the viewers
        assertThat(lost.ended()).isFalse();
        assertThat(lost.mediaPlaylist()).doesNotContain("#EXT-X-ENDLIST");

        segmenter.onSession(session(1, media.tracks()));
        feed(media.units(), BASE + 20_000); // timestamps restart at 0, 20 s later on the wall clock
        segmenter.onEnd();

        StreamSnapshot s = stream.snapshot();
        assertThat(s.ended()).isTrue();
        assertThat(s.window()).extracting(Segment::sequence).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(s.window()).extracting(Segment::initId).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(s.window()).extracting(Segment::discontinuity).containsExactly(false, false, false, true, false, false);
        assertThat(s.mediaPlaylist()).contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"init-1.mp4\"\n").endsWith("#EXT-X-ENDLIST\n");

        HlsChecker.MediaPlaylistInfo info = HlsChecker.parseMediaPlaylist(s.mediaPlaylist());
        assertThat(info.violations()).isEmpty();
        assertThat(info.endList()).isTrue();
        assertThat(info.discontinuityIndices()).containsExactly(3);
        assertThat(info.segments().get(3).discontinuitySequence()).isEqualTo(1);
        assertThat(info.segments().get(3).programDateTime().toInstant()).isEqualTo(Instant.ofEpochMilli(BASE + 20_000));
        assertThat(info.segments().get(2).map()).isEqualTo("init-0.mp4");
        assertThat(info.segments().get(3).map()).isEqualTo("init-1.mp4");

        HlsChecker.Report r = HlsChecker.play(writeOut(s).toString(), HlsChecker.Options.defaults()
                .withTimeout(Duration.ofSeconds(20)));
        assertThat(r.clean()).as(r.toString()).isTrue();
        assertThat(r.reachedEnd()).isTrue();
        assertThat(r.videoFrames()).isEqualTo(2L * media.videoUnits().size());
        assertThat(r.audioFrames()).isGreaterThanOrEqualTo(2L * media.audioUnits().size() - 4);

        assertThat(timings).hasSize(6);
        assertThat(timings).allMatch(t -> t.latencyNanos() >= 0 && t.fetchableNanos() > 0);
        assertThat(stream.describe().getJsonArray("segments")).hasSize(6);
        assertThat(stream.describe().getString("state")).isEqualTo("ended");

        // Dropping the broadcast frees its segments (the window held the only references).
        assertThat(memory.liveSegments()).isEqualTo(6);
        segmenter.shutdown();
        assertThat(memory.liveSegments()).isZero();
        assertThat(memory.liveBytes()).isZero();
        assertThat(s.window()).noneMatch(seg -> seg.bytes().alive());
    }

    @Test
    void broadcastWithoutCarriableTracksServesNothing() {
        Track vp8 = new Track(0, Codec.VP8, 90000, new CodecConfig.InBand(), 640, 360, 0, 0, "vp8");
        segmenter.onSession(session(0, List.of(vp8)));
        segmenter.onEnd();
        assertThat(stream.snapshot().ready()).isFalse();
        assertThat(stream.snapshot().ended()).isTrue();
    }

    @Test
    void endWithoutAnySessionEndsCleanly() {
        segmenter.onEnd();
        assertThat(stream.snapshot().ended()).isTrue();
        assertThat(stream.snapshot().mediaPlaylist()).isNull();
    }
}
