// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import dev.livepipe.mux.CutSegment;
import dev.livepipe.mux.SegmentMemory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sliding-window rules of RFC 8216 §6.2.2, checked on golden playlists. */
class SegmentWindowTest {

    private static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20.000Z
    private static final Track VIDEO = new Track(0, Codec.H264, 90000, new CodecConfig.Avc(new byte[] {1, 0x64, 0, 0x1f}),
            1280, 720, 0, 0, "avc1.64001f");
    private static final Track AUDIO = new Track(1, Codec.AAC, 48000, new CodecConfig.AudioSpecific(new byte[] {0x11, (byte) 0x90}),
            0, 0, 48000, 2, "");

    private final SegmentMemory memory = SegmentMemory.pooled();
    private final SegmentWindow window = new SegmentWindow("tok", 3, Duration.ofSeconds(2));
    private long clock = T0;

    private Segment add(long micros, int bytes, int initId, boolean discontinuity) {
        CutSegment cut = new CutSegment(memory.copyOf(new byte[bytes]), null, micros, clock, (int) (micros * 30 / 1_000_000), true,
                0, 0, 0, false);
        clock += micros / 1000;
        return window.add(cut, initId, discontinuity);
    }

    @Test
    void slidesAndKeepsOneMoreWindowFetchable() {
        window.addInit(0, new byte[] {1});
        for (int i = 0; i < 5; i++) {
            add(2_000_000, 100, 0, false);
        }
        StreamSnapshot s = window.snapshot(false, List.of(VIDEO, AUDIO));
        assertThat(s.mediaPlaylist()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:2
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:24.000+00:00
                #EXTINF:2.000,
                seg-2.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:26.000+00:00
                #EXTINF:2.000,
                seg-3.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:28.000+00:00
                #EXTINF:2.000,
                seg-4.m4s
                """);
        assertThat(s.mediaSequence()).isEqualTo(2);
        assertThat(s.fetchable().keySet()).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        for (int i = 0; i < 3; i++) {
            add(2_000_000, 100, 0, false);
        }
        StreamSnapshot before = s;
        s = window.snapshot(false, List.of(VIDEO, AUDIO));
        assertThat(s.fetchable().keySet()).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(s.inits()).containsOnlyKeys(0);
        // What is no longer fetchable is freed, even though an old snapshot still names it.
        assertThat(before.fetchable().get(0L).bytes().alive()).isFalse();
        assertThat(before.fetchable().get(1L).bytes().tryRetain()).isFalse();
        assertThat(s.fetchable().values()).allMatch(x -> x.bytes().alive());
        assertThat(memory.liveSegments()).isEqualTo(6);
        assertThat(memory.liveBytes()).isEqualTo(600);
    }

    @Test
    void closeFreesEverySegmentAndRefusesMore() {
        for (int i = 0; i < 5; i++) {
            add(2_000_000, 100, 0, false);
        }
        Segment held = window.snapshot(false, List.of(VIDEO)).window().getLast();
        assertThat(held.bytes().tryRetain()).isTrue(); // a response still writing it
        window.close();
        window.close();
        assertThat(memory.liveSegments()).isEqualTo(1);
        held.bytes().release();
        assertThat(memory.liveSegments()).isZero();
        assertThat(memory.liveBytes()).isZero();
        CutSegment late = new CutSegment(memory.copyOf(new byte[10]), null, 1, clock, 1, true, 0, 0, 0, false);
        assertThatThrownBy(() -> window.add(late, 0, false)).isInstanceOf(IllegalStateException.class);
        assertThat(late.bytes().alive()).isFalse();
    }

    @Test
    void discontinuitySequenceGrowsWhenTheTaggedSegmentLeaves() {
        window.addInit(0, new byte[] {1});
        add(2_000_000, 100, 0, false);
        add(2_000_000, 100, 0, false);
        window.addInit(1, new byte[] {2});
        clock += 5_000; // the publisher was away for 5 s
        add(2_000_000, 100, 1, true);
        add(2_000_000, 100, 1, false);
        assertThat(window.snapshot(false, List.of(VIDEO)).mediaPlaylist()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:1
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-0.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:22.000+00:00
                #EXTINF:2.000,
                seg-1.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="init-1.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:29.000+00:00
                #EXTINF:2.000,
                seg-2.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:31.000+00:00
                #EXTINF:2.000,
                seg-3.m4s
                """);
        add(2_000_000, 100, 1, false);
        // The tagged segment is first now: still tagged, its discontinuity not yet counted.
        StreamSnapshot first = window.snapshot(false, List.of(VIDEO));
        assertThat(first.discontinuitySequence()).isZero();
        assertThat(first.mediaPlaylist()).contains("""
                #EXT-X-MEDIA-SEQUENCE:2
                #EXT-X-DISCONTINUITY-SEQUENCE:0
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-DISCONTINUITY
                #EXT-X-MAP:URI="init-1.mp4"
                """);
        add(2_000_000, 100, 1, false);
        assertThat(window.snapshot(true, List.of(VIDEO)).mediaPlaylist()).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:3
                #EXT-X-DISCONTINUITY-SEQUENCE:1
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init-1.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:31.000+00:00
                #EXTINF:2.000,
                seg-3.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:33.000+00:00
                #EXTINF:2.000,
                seg-4.m4s
                #EXT-X-PROGRAM-DATE-TIME:2023-11-14T22:13:35.000+00:00
                #EXTINF:2.000,
                seg-5.m4s
                #EXT-X-ENDLIST
                """);
        // init-0 is still needed by seg-0 and seg-1, which remain fetchable for one more window.
        assertThat(window.snapshot(true, List.of(VIDEO)).inits()).containsOnlyKeys(0, 1);
    }

    @Test
    void targetDurationCoversTheLongestSegmentEverAndNeverShrinks() {
        add(2_000_000, 100, 0, false);
        add(2_600_000, 100, 0, false);
        assertThat(window.snapshot(false, List.of(VIDEO)).targetDuration()).isEqualTo(3);
        for (int i = 0; i < 6; i++) {
            add(2_000_000, 100, 0, false);
        }
        StreamSnapshot s = window.snapshot(false, List.of(VIDEO));
        assertThat(s.window()).allMatch(seg -> seg.durationMicros() == 2_000_000);
        assertThat(s.targetDuration()).isEqualTo(3);
        assertThat(s.mediaPlaylist()).contains("#EXT-X-TARGETDURATION:3\n");
    }

    @Test
    void variantCarriesMeasuredBandwidthCodecsResolutionAndFrameRate() {
        add(2_000_000, 250_000, 0, false); // 1 Mbit/s
        add(2_000_000, 500_000, 0, false); // 2 Mbit/s
        Variant v = window.snapshot(false, List.of(VIDEO, AUDIO)).variant();
        assertThat(v.uri()).isEqualTo("tok/media.m3u8");
        assertThat(v.bandwidth()).isEqualTo(2_000_000);
        assertThat(v.averageBandwidth()).isEqualTo(1_500_000);
        assertThat(v.codecs()).containsExactly("avc1.64001f", "mp4a.40.2"); // audio string derived from the ASC
        assertThat(v.frameRate()).isEqualTo(30.0);
        assertThat(new MultivariantPlaylist(List.of(v)).render()).contains(
                "#EXT-X-STREAM-INF:BANDWIDTH=2000000,AVERAGE-BANDWIDTH=1500000,CODECS=\"avc1.64001f,mp4a.40.2\","
                        + "RESOLUTION=1280x720,FRAME-RATE=30.000\ntok/media.m3u8\n");
    }
}
