// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.media.Codec;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FlvTagParserTest {

    private static Buffer bytes(int... b) {
        Buffer out = Buffer.buffer();
        for (int x : b) {
            out.appendByte((byte) x);
        }
        return out;
    }

    private static Buffer enhanced(int frameType, int packetType, String fourCc) {
        return bytes(0x80 | frameType << 4 | packetType).appendString(fourCc, StandardCharsets.US_ASCII.name());
    }

    @Test
    void legacyAvcSequenceHeaderAndFrames() {
        VideoTag seq = VideoTagParser.parse(bytes(0x17, 0, 0, 0, 0, 1, 0x64, 0, 0x1f));
        assertThat(seq).isInstanceOfSatisfying(VideoTag.SequenceStart.class, s -> {
            assertThat(s.codec()).isEqualTo(Codec.H264);
            assertThat(s.config()).containsExactly(1, 0x64, 0, 0x1f);
        });
        VideoTag key = VideoTagParser.parse(bytes(0x17, 1, 0, 0, 0x42, 0, 0, 0, 1, 0x65));
        assertThat(key).isInstanceOfSatisfying(VideoTag.CodedFrame.class, f -> {
            assertThat(f.keyframe()).isTrue();
            assertThat(f.compositionTime()).isEqualTo(0x42);
            assertThat(f.data().getBytes()).containsExactly(0, 0, 0, 1, 0x65);
        });
        VideoTag inter = VideoTagParser.parse(bytes(0x27, 1, 0xFF, 0xFF, 0xDE, 0, 0, 0, 1, 0x41));
        assertThat(inter).isInstanceOfSatisfying(VideoTag.CodedFrame.class, f -> {
            assertThat(f.keyframe()).isFalse();
            assertThat(f.compositionTime()).isEqualTo(-34); // SI24
        });
        assertThat(VideoTagParser.parse(bytes(0x17, 2, 0, 0, 0))).isEqualTo(new VideoTag.SequenceEnd(Codec.H264));
    }

    @Test
    void legacyCommandFramesAndOtherCodecs() {
        assertThat(VideoTagParser.parse(bytes(0x57, 0))).isInstanceOf(VideoTag.Ignored.class);
        assertThat(VideoTagParser.parse(bytes(0x12, 0, 0))).isInstanceOf(VideoTag.Unsupported.class); // H.263
        assertThat(VideoTagParser.parse(bytes(0x1c, 0, 0, 0, 0, 1)))
                .isInstanceOfSatisfying(VideoTag.SequenceStart.class, s -> assertThat(s.codec()).isEqualTo(Codec.HEVC));
    }

    @Test
    void enhancedHevc() {
        VideoTag seq = VideoTagParser.parse(enhanced(1, 0, "hvc1").appendBytes(new byte[] {1, 2, 3}));
        assertThat(seq).isInstanceOfSatisfying(VideoTag.SequenceStart.class, s -> {
            assertThat(s.codec()).isEqualTo(Codec.HEVC);
            assertThat(s.config()).containsExactly(1, 2, 3);
        });
        VideoTag frames = VideoTagParser.parse(enhanced(2, 1, "hvc1").appendMedium(67).appendInt(1).appendByte((byte) 2));
        assertThat(frames).isInstanceOfSatisfying(VideoTag.CodedFrame.class, f -> {
            assertThat(f.keyframe()).isFalse();
            assertThat(f.compositionTime()).isEqualTo(67);
            assertThat(f.data().length()).isEqualTo(5);
        });
        VideoTag framesX = VideoTagParser.parse(enhanced(1, 3, "hvc1").appendInt(1).appendByte((byte) 0x26));
        assertThat(framesX).isInstanceOfSatisfying(VideoTag.CodedFrame.class, f -> {
            assertThat(f.keyframe()).isTrue();
            assertThat(f.compositionTime()).isZero();
            assertThat(f.data().length()).isEqualTo(5);
        });
        assertThat(VideoTagParser.parse(enhanced(1, 2, "hvc1"))).isEqualTo(new VideoTag.SequenceEnd(Codec.HEVC));
        assertThat(VideoTagParser.parse(enhanced(1, 4, "hvc1").appendByte((byte) 2)))
                .isInstanceOf(VideoTag.Ignored.class); // metadata (colorInfo)
    }

    @Test
    void enhancedAvcAndUnsupportedFourCcs() {
        assertThat(VideoTagParser.parse(enhanced(1, 0, "avc1").appendByte((byte) 1)))
                .isInstanceOfSatisfying(VideoTag.SequenceStart.class, s -> assertThat(s.codec()).isEqualTo(Codec.H264));
        assertThat(VideoTagParser.parse(enhanced(1, 0, "av01"))).isInstanceOf(VideoTag.Unsupported.class);
        assertThat(VideoTagParser.parse(enhanced(1, 0, "vp09"))).isInstanceOf(VideoTag.Unsupported.class);
        assertThat(VideoTagParser.parse(bytes(0x80 | 5 << 4 | 1, 1))).isInstanceOf(VideoTag.Ignored.class); // command
        assertThat(VideoTagParser.parse(bytes(0x80 | 1 << 4 | 6, 0))).isInstanceOf(VideoTag.Ignored.class); // multitrack
        assertThat(VideoTagParser.parse(bytes(0x80 | 1 << 4 | 7, 0))).isInstanceOf(VideoTag.Ignored.class); // ModEx
    }

    @Test
    void truncatedVideoHeaders() {
        for (Buffer bad : new Buffer[] {Buffer.buffer(), bytes(0x17, 1, 0), enhanced(1, 1, "hvc1").appendByte((byte) 0),
                bytes(0x91, 'h', 'v'), bytes(0x17, 9, 0, 0, 0)}) {
            assertThatThrownBy(() -> VideoTagParser.parse(bad)).isInstanceOf(RtmpProtocolException.class);
        }
    }

    @Test
    void aacSequenceHeaderAndFrames() {
        assertThat(AudioTagParser.parse(bytes(0xAF, 0, 0x11, 0x90)))
                .isInstanceOfSatisfying(AudioTag.SequenceStart.class, s -> {
                    assertThat(s.config()).containsExactly(0x11, 0x90);
                    assertThat(s.channels()).isEqualTo(2);
                });
        assertThat(AudioTagParser.parse(bytes(0xAF, 1, 0x21, 0x10)))
                .isInstanceOfSatisfying(AudioTag.Frame.class, f -> assertThat(f.data().getBytes()).containsExactly(0x21, 0x10));
        assertThat(AudioTagParser.parse(bytes(0x2F, 0xFF))).isInstanceOf(AudioTag.Unsupported.class); // MP3
        assertThatThrownBy(() -> AudioTagParser.parse(bytes(0xAF))).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> AudioTagParser.parse(bytes(0xAF, 2))).isInstanceOf(RtmpProtocolException.class);
    }

    @Test
    void enhancedAudioMp4a() {
        Buffer seq = bytes(0x90).appendString("mp4a").appendBytes(new byte[] {0x11, (byte) 0x90});
        assertThat(AudioTagParser.parse(seq)).isInstanceOf(AudioTag.SequenceStart.class);
        Buffer frame = bytes(0x91).appendString("mp4a").appendByte((byte) 0x21);
        assertThat(AudioTagParser.parse(frame)).isInstanceOf(AudioTag.Frame.class);
        assertThat(AudioTagParser.parse(bytes(0x90).appendString("Opus"))).isInstanceOf(AudioTag.Unsupported.class);
        assertThat(AudioTagParser.parse(bytes(0x95))).isInstanceOf(AudioTag.Ignored.class); // multitrack
    }
}
