// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0EcmaArray;
import dev.livepipe.ingest.rtmp.message.AudioMessage;
import dev.livepipe.ingest.rtmp.message.VideoMessage;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Scheduler;
import dev.livepipe.media.Track;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtmpToStreamTest {

    private static final byte[] SPS = HexFormat.of().parseHex("674d401eeca05017fcb80880000003008000001e078b16cb");
    private static final byte[] PPS = HexFormat.of().parseHex("68ebe3cb20");

    private final List<List<Track>> published = new ArrayList<>();
    private final List<AccessUnit> units = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final Scheduler manual = (delay, task) -> {
        timers.add(task);
        return () -> timers.remove(task);
    };
    private final RtmpToStream.Output output = new RtmpToStream.Output() {
        @Override
        public void publish(List<Track> tracks) {
            published.add(tracks);
        }

        @Override
        public void write(AccessUnit unit) {
            units.add(unit);
        }
    };
    private final RtmpToStream toStream = new RtmpToStream(output, manual,
            new RtmpToStream.Limits(Duration.ofSeconds(1), 50, 1 << 20), "[test]");

    private static byte[] avcc(byte[] sps) {
        Buffer b = Buffer.buffer().appendByte((byte) 1).appendBytes(sps, 1, 3)
                .appendByte((byte) 0xFF).appendByte((byte) 0xE1)
                .appendShort((short) sps.length).appendBytes(sps)
                .appendByte((byte) 1).appendShort((short) PPS.length).appendBytes(PPS);
        return b.getBytes();
    }

    private static VideoMessage avcHeader(long ts, byte[] avcc) {
        return new VideoMessage(ts, 1, Buffer.buffer().appendBytes(new byte[] {0x17, 0, 0, 0, 0}).appendBytes(avcc));
    }

    private static VideoMessage avcFrame(long ts, boolean key, int cts, int nalType) {
        Buffer b = Buffer.buffer().appendByte((byte) (key ? 0x17 : 0x27)).appendByte((byte) 1).appendMedium(cts)
                .appendInt(3).appendByte((byte) (0x60 | nalType)).appendShort((short) 0x1234);
        return new VideoMessage(ts, 1, b);
    }

    private static AudioMessage aacHeader() {
        return new AudioMessage(0, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90}));
    }

    private static AudioMessage aacFrame(long ts) {
        return new AudioMessage(ts, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 1, 0x21, 0x10, 0x04}));
    }

    @Test
    void declaresBothTracksOnceBothSequenceHeadersArrived() {
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        assertThat(published).isEmpty();
        toStream.onVideo(avcFrame(0, true, 0, 5), 2, 2); // held until the tracks are known
        toStream.onAudio(aacHeader(), 3, 3);
        assertThat(published).hasSize(1);
        List<Track> tracks = published.get(0);
        assertThat(tracks).extracting(Track::codec).containsExactly(Codec.H264, Codec.AAC);
        Track video = tracks.get(0);
        assertThat(video.id()).isZero();
        assertThat(video.timescale()).isEqualTo(1000);
        assertThat(video.width()).isEqualTo(640);
        assertThat(video.height()).isEqualTo(360);
        assertThat(video.codecString()).isEqualTo("avc1.4d401e");
        assertThat(video.config()).isInstanceOf(CodecConfig.Avc.class);
        Track audio = tracks.get(1);
        assertThat(audio.id()).isEqualTo(1);
        assertThat(audio.sampleRate()).isEqualTo(48000);
        assertThat(audio.channels()).isEqualTo(2);
        assertThat(audio.codecString()).isEqualTo("mp4a.40.2");

        assertThat(units).hasSize(1); // the held keyframe, with its original arrival time
        AccessUnit first = units.get(0);
        assertThat(first.keyframe()).isTrue();
        assertThat(first.arrivalNanos()).isEqualTo(2);
        assertThat(((Payload.H264) first.payload()).nalus()).hasSize(1);

        toStream.onVideo(avcFrame(33, false, 67, 1), 4, 4);
        toStream.onAudio(aacFrame(21), 5, 5);
        assertThat(units).hasSize(3);
        assertThat(units.get(1).dts()).isEqualTo(33);
        assertThat(units.get(1).pts()).isEqualTo(100);
        assertThat(units.get(1).keyframe()).isFalse();
        assertThat(units.get(2).track()).isSameAs(audio);
        assertThat(((Payload.Aac) units.get(2).payload()).frame()).containsExactly(0x21, 0x10, 0x04);
        assertThat(timers).isEmpty(); // the deadline was cancelled
    }

    @Test
    void metadataWithoutAudioDeclaresVideoAlone() {
        toStream.onMetadata(StreamMetadata.from(Amf0EcmaArray.of("width", 640.0, "videocodecid", 7.0)));
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        assertThat(published).hasSize(1);
        assertThat(published.get(0)).extracting(Track::codec).containsExactly(Codec.H264);
    }

    @Test
    void deadlineDeclaresWhatArrived() {
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        toStream.onVideo(avcFrame(0, true, 0, 5), 2, 2);
        assertThat(published).isEmpty();
        assertThat(timers).hasSize(1);
        timers.get(0).run();
        assertThat(published).hasSize(1);
        assertThat(units).hasSize(1);
        // audio arriving later is a new track: declared again
        toStream.onAudio(aacHeader(), 3, 3);
        assertThat(published).hasSize(2);
        assertThat(published.get(1)).extracting(Track::codec).containsExactly(Codec.H264, Codec.AAC);
    }

    @Test
    void changedSequenceHeaderDeclaresAgainAndRepeatedOnesDoNot() {
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        toStream.onAudio(aacHeader(), 1, 1);
        toStream.onVideo(avcHeader(40, avcc(SPS)), 2, 2);
        toStream.onAudio(aacHeader(), 2, 2);
        assertThat(published).hasSize(1);
        byte[] sps720 = HexFormat.of().parseHex("6764001facd9405005bb0110000003001000000303c0f1831960");
        toStream.onVideo(avcHeader(80, avcc(sps720)), 3, 3);
        assertThat(published).hasSize(2);
        assertThat(published.get(1).get(0).width()).isEqualTo(1280);
        toStream.onVideo(avcFrame(80, true, 0, 5), 4, 4);
        assertThat(units.get(0).track()).isSameAs(published.get(1).get(0));
    }

    @Test
    void framesBeforeTheirSequenceHeaderAreDropped() {
        toStream.onVideo(avcFrame(0, true, 0, 5), 1, 1);
        toStream.onAudio(aacFrame(0), 1, 1);
        assertThat(units).isEmpty();
        assertThat(toStream.describe().getLong("dropped")).isEqualTo(2);
    }

    @Test
    void idrWithoutTheKeyframeFlagIsStillAKeyframe() {
        toStream.onMetadata(StreamMetadata.from(Amf0EcmaArray.of("videocodecid", 7.0)));
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        toStream.onVideo(avcFrame(0, false, 0, 5), 1, 1);
        toStream.onVideo(avcFrame(33, false, 0, 1), 1, 1);
        assertThat(units).extracting(AccessUnit::keyframe).containsExactly(true, false);
    }

    @Test
    void invalidAvcConfigurationIsAProtocolError() {
        byte[] zeroSps = {1, 0x4d, 0x40, 0x1e, (byte) 0xFF, (byte) 0xE0, 0};
        assertThatThrownBy(() -> toStream.onVideo(avcHeader(0, zeroSps), 1, 1))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("no SPS");
        assertThat(published).isEmpty();
    }

    @Test
    void heldFramesAreBounded() {
        toStream.onVideo(avcHeader(0, avcc(SPS)), 1, 1);
        for (int i = 0; i < 51; i++) {
            toStream.onVideo(avcFrame(i * 33L, i == 0, 0, i == 0 ? 5 : 1), 1, 1);
        }
        assertThat(published).as("declared early instead of dropping").hasSize(1);
        assertThat(units).hasSize(51);
        assertThat(units.get(0).keyframe()).isTrue();
    }
}
