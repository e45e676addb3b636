// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkDecoderTest {

    private final List<RawMessage> out = new ArrayList<>();
    private final ChunkDecoder decoder = new ChunkDecoder(8 << 20, 16, out::add);

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void type0SingleChunk() {
        decoder.feed(new ChunkBytes().fmt0(3, 1000, 5, 20, 1).payload(1, 2, 3, 4, 5).buffer());
        assertThat(out).hasSize(1);
        RawMessage m = out.get(0);
        assertThat(m.chunkStreamId()).isEqualTo(3);
        assertThat(m.typeId()).isEqualTo(20);
        assertThat(m.timestamp()).isEqualTo(1000);
        assertThat(m.messageStreamId()).isEqualTo(1); // little-endian on the wire (5.3.1.2.1)
        assertThat(m.payload().getBytes()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void messageSpanningChunksWithType3Continuations() {
        byte[] p = bytes(300, 1); // 128 + 128 + 44 at the default chunk size
        decoder.feed(new ChunkBytes().fmt0(6, 40, 300, 9, 1).payload(p, 0, 128)
                .fmt3(6).payload(p, 128, 256).fmt3(6).payload(p, 256, 300).buffer());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).payload().getBytes()).isEqualTo(p);
        assertThat(out.get(0).timestamp()).isEqualTo(40);
    }

    @Test
    void bytesToFinishMessageFollowsTheMessageInReassembly() {
        byte[] p = bytes(300, 1); // 128 + 128 + 44 at the default chunk size
        assertThat(decoder.bytesToFinishMessage()).as("nothing fed").isZero();
        decoder.feed(new ChunkBytes().fmt0(6, 40, 300, 9, 1).payload(p, 0, 100).buffer());
        assertThat(decoder.bytesToFinishMessage()).as("inside the first chunk").isEqualTo(200);
        decoder.feed(new ChunkBytes().payload(p, 100, 128).buffer());
        assertThat(decoder.bytesToFinishMessage()).as("between chunks").isEqualTo(172);
        decoder.feed(new ChunkBytes().fmt0(4, 0, 2, 8, 1).payload(9, 9).buffer());
        assertThat(decoder.bytesToFinishMessage()).as("another stream's message came and went")
                .isEqualTo(172);
        decoder.feed(Buffer.buffer(new byte[] {(byte) 0xC6})); // type 3 header of stream 6
        assertThat(decoder.bytesToFinishMessage()).isEqualTo(172);
        decoder.feed(new ChunkBytes().payload(p, 128, 256).fmt3(6).payload(p, 256, 300).buffer());
        assertThat(out).hasSize(2);
        assertThat(decoder.bytesToFinishMessage()).as("at a boundary").isZero();
        decoder.feed(Buffer.buffer(new byte[] {0x06, 0, 0}));
        assertThat(decoder.bytesToFinishMessage()).as("inside a header").isEqualTo(1);
    }

    @Test
    void bytesToFinishMessageTakesTheNearestOfSeveralPartialMessages() {
        byte[] video = bytes(300, 1);
        byte[] audio = bytes(200, 2);
        decoder.feed(new ChunkBytes().fmt0(6, 0, 300, 9, 1).payload(video, 0, 128)
                .fmt0(4, 0, 200, 8, 1).payload(audio, 0, 128).buffer());
        assertThat(decoder.bytesToFinishMessage()).as("audio lacks 72, video 172").isEqualTo(72);
        decoder.feed(new ChunkBytes().fmt3(4).payload(audio, 128, 200).buffer());
        assertThat(out).hasSize(1);
        assertThat(decoder.bytesToFinishMessage()).as("only the video is left").isEqualTo(172);
    }

    @Test
    void type1Type2AndType3HeadersCarryDeltas() {
        // Example 1 of section 5.3.2.1: audio, 1000 then deltas of 20 ms.
        byte[] a = bytes(32, 2);
        decoder.feed(new ChunkBytes()
                .fmt0(3, 1000, 32, 8, 12345).payload(a)
                .fmt2(3, 20).payload(a)
                .fmt3(3).payload(a)
                .fmt3(3).payload(a)
                .fmt1(3, 25, 10, 9).payload(a, 0, 10)
                .buffer());
        assertThat(out).extracting(RawMessage::timestamp).containsExactly(1000L, 1020L, 1040L, 1060L, 1085L);
        assertThat(out).extracting(RawMessage::messageStreamId).containsOnly(12345);
        assertThat(out.get(4).typeId()).isEqualTo(9);
        assertThat(out.get(4).payload().length()).isEqualTo(10);
    }

    @Test
    void type3StartingAMessageAfterType0RepeatsItsTimestampFieldAsFfmpegDoes() {
        decoder.feed(new ChunkBytes().fmt0(4, 30, 1, 8, 1).payload(7).fmt3(4).payload(8).buffer());
        assertThat(out).extracting(RawMessage::timestamp).containsExactly(30L, 60L);
    }

    @Test
    void twoAndThreeByteBasicHeaders() {
        for (int csid : new int[] {2, 63, 64, 65, 319, 320, 4000, 65599}) {
            out.clear();
            ChunkDecoder d = new ChunkDecoder(1 << 20, 4, out::add);
            d.feed(new ChunkBytes().fmt0(csid, 1, 200, 9, 1).payload(bytes(128, csid))
                    .fmt3(csid).payload(bytes(72, csid)).buffer());
            assertThat(out).as("csid %d", csid).hasSize(1);
            assertThat(out.get(0).chunkStreamId()).isEqualTo(csid);
        }
    }

    @Test
    void extendedTimestampIsRepeatedInType3Continuations() {
        long ts = 0x01234567L; // > 0xFFFFFF: the field is 0xFFFFFF and 4 bytes follow (5.3.1.3)
        byte[] p = bytes(200, 3);
        decoder.feed(new ChunkBytes().fmt0(6, ts, 200, 9, 1).payload(p, 0, 128)
                .fmt3(6).u32(ts).payload(p, 128, 200).buffer());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).timestamp()).isEqualTo(ts);
        assertThat(out.get(0).payload().getBytes()).isEqualTo(p);
    }

    @Test
    void extendedDeltaAndType3NewMessageWithExtendedField() {
        decoder.feed(new ChunkBytes().fmt0(5, 10, 1, 8, 1).payload(1)
                .fmt2(5, 0x1000000).payload(2) // extended delta
                .fmt3(5).u32(0x1000000).payload(3) // new message repeating the extended delta
                .buffer());
        assertThat(out).extracting(RawMessage::timestamp)
                .containsExactly(10L, 10L + 0x1000000L, 10L + 0x2000000L);
    }

    @Test
    void timestampsWrapAt32Bits() {
        decoder.feed(new ChunkBytes().fmt0(5, 0xFFFFFFF0L, 1, 8, 1).payload(1)
                .fmt2(5, 0x20).payload(2).buffer());
        assertThat(out).extracting(RawMessage::timestamp).containsExactly(0xFFFFFFF0L, 0x10L);
    }

    @Test
    void interleavedChunkStreams() {
        byte[] video = bytes(300, 4);
        byte[] audio = bytes(200, 5);
        decoder.feed(new ChunkBytes()
                .fmt0(6, 0, 300, 9, 1).payload(video, 0, 128)
                .fmt0(4, 0, 200, 8, 1).payload(audio, 0, 128)
                .fmt3(6).payload(video, 128, 256)
                .fmt3(4).payload(audio, 128, 200)
                .fmt3(6).payload(video, 256, 300)
                .buffer());
        assertThat(out).extracting(RawMessage::typeId).containsExactly(8, 9);
        assertThat(out.get(0).payload().getBytes()).isEqualTo(audio);
        assertThat(out.get(1).payload().getBytes()).isEqualTo(video);
    }

    @Test
    void chunkSizeChangeAppliesToTheNextChunk() {
        List<RawMessage> got = new ArrayList<>();
        ChunkDecoder[] holder = new ChunkDecoder[1];
        holder[0] = new ChunkDecoder(1 << 20, 8, m -> {
            got.add(m);
            if (m.typeId() == 1) {
                holder[0].setChunkSize((int) m.payload().getUnsignedInt(0));
            }
        });
        byte[] p = bytes(1000, 6);
        Buffer wire = new ChunkBytes()
                .fmt0(6, 0, 300, 9, 1).payload(p, 0, 128).fmt3(6).payload(p, 128, 256)
                .fmt0(2, 0, 4, 1, 0).u32(4096) // Set Chunk Size 4096 between two chunks
                .fmt3(6).payload(p, 256, 300) // still the rest of the first message
                .fmt0(6, 33, 1000, 9, 1).payload(p) // now 1000 bytes fit one chunk
                .buffer();
        holder[0].feed(wire);
        assertThat(got).extracting(RawMessage::typeId).containsExactly(1, 9, 9);
        assertThat(got.get(2).payload().getBytes()).isEqualTo(p);
    }

    @Test
    void anySplitOfTheInputGivesTheSameMessages() {
        ChunkEncoder encoder = new ChunkEncoder();
        encoder.setChunkSize(100);
        Random r = new Random(9);
        Buffer wire = Buffer.buffer();
        List<RawMessage> sent = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int csid = 3 + r.nextInt(300);
            long ts = r.nextBoolean() ? r.nextInt(1000) : 0xFFFFFF + r.nextInt(1 << 30);
            RawMessage m = new RawMessage(csid, 8 + r.nextInt(2), ts, r.nextInt(5),
                    Buffer.buffer(bytes(r.nextInt(700), i)));
            sent.add(m);
            wire.appendBuffer(encoder.encode(m));
        }
        for (int step : new int[] {1, 7, 100, wire.length()}) {
            List<RawMessage> got = new ArrayList<>();
            ChunkDecoder d = new ChunkDecoder(1 << 20, 400, got::add);
            d.setChunkSize(100);
            for (int pos = 0; pos < wire.length(); pos += step) {
                d.feed(wire.getBuffer(pos, Math.min(wire.length(), pos + step)));
            }
            assertThat(got).hasSize(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i).chunkStreamId()).isEqualTo(sent.get(i).chunkStreamId());
                assertThat(got.get(i).timestamp()).isEqualTo(sent.get(i).timestamp());
                assertThat(got.get(i).messageStreamId()).isEqualTo(sent.get(i).messageStreamId());
                assertThat(got.get(i).payload()).isEqualTo(sent.get(i).payload());
            }
        }
    }

    @Test
    void abortDropsThePartialMessage() {
        byte[] p = bytes(300, 7);
        decoder.feed(new ChunkBytes().fmt0(6, 0, 300, 9, 1).payload(p, 0, 128).buffer());
        decoder.abort(6);
        decoder.feed(new ChunkBytes().fmt0(6, 5, 2, 9, 1).payload(1, 2).buffer());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).payload().getBytes()).containsExactly(1, 2);
    }

    @Test
    void zeroLengthMessageIsDelivered() {
        decoder.feed(new ChunkBytes().fmt0(3, 0, 0, 20, 0).fmt0(3, 0, 1, 20, 0).payload(9).buffer());
        assertThat(out).extracting(m -> m.payload().length()).containsExactly(0, 1);
    }

    @Test
    void messageLongerThanTheLimitIsRefusedFromItsHeader() {
        ChunkDecoder small = new ChunkDecoder(1000, 8, out::add);
        assertThatThrownBy(() -> small.feed(new ChunkBytes().fmt0(6, 0, 1001, 9, 1).buffer()))
                .isInstanceOf(RtmpProtocolException.class)
                .hasMessageContaining("1001 bytes exceeds the limit of 1000");
    }

    @Test
    void tooManyChunkStreams() {
        ChunkDecoder d = new ChunkDecoder(1000, 4, out::add);
        for (int csid = 3; csid < 7; csid++) {
            d.feed(new ChunkBytes().fmt0(csid, 0, 1, 8, 1).payload(0).buffer());
        }
        assertThatThrownBy(() -> d.feed(new ChunkBytes().fmt0(7, 0, 1, 8, 1).buffer()))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("more than 4");
    }

    @Test
    void compressedHeaderOnAnUnknownChunkStreamIsAnError() {
        assertThatThrownBy(() -> decoder.feed(new ChunkBytes().fmt3(9).buffer()))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("type 3 chunk");
        ChunkDecoder d = new ChunkDecoder(1000, 4, out::add);
        assertThatThrownBy(() -> d.feed(new ChunkBytes().fmt2(9, 10).buffer()))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("type 2");
    }

    @Test
    void manyLargePartialMessagesAcrossStreamsAreBounded() {
        ChunkDecoder d = new ChunkDecoder(1 << 20, 16, out::add);
        byte[] chunk = new byte[128]; // one full chunk each, so the next header is a header
        d.feed(new ChunkBytes().fmt0(3, 0, 1 << 20, 9, 1).payload(chunk).buffer());
        d.feed(new ChunkBytes().fmt0(4, 0, 1 << 20, 9, 1).payload(chunk).buffer());
        assertThatThrownBy(() -> d.feed(new ChunkBytes().fmt0(5, 0, 1 << 20, 9, 1).buffer()))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("in flight");
    }

    @Test
    void invalidChunkSizesAreRefused() {
        assertThatThrownBy(() -> decoder.setChunkSize(0)).isInstanceOf(RtmpProtocolException.class);
        assertThatThrownBy(() -> decoder.setChunkSize(0x1000000)).isInstanceOf(RtmpProtocolException.class);
        decoder.setChunkSize(0xFFFFFF);
        assertThat(decoder.chunkSize()).isEqualTo(0xFFFFFF);
    }
}
