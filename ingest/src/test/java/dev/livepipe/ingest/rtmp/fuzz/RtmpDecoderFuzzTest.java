// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.amf0.Amf0Properties;
import dev.livepipe.ingest.rtmp.chunk.ChunkDecoder;
import dev.livepipe.ingest.rtmp.message.Abort;
import dev.livepipe.ingest.rtmp.message.AudioMessage;
import dev.livepipe.ingest.rtmp.message.DataAmf0;
import dev.livepipe.ingest.rtmp.message.MessageDecoder;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import dev.livepipe.ingest.rtmp.message.RtmpMessage;
import dev.livepipe.ingest.rtmp.message.SetChunkSize;
import dev.livepipe.ingest.rtmp.message.VideoMessage;
import dev.livepipe.ingest.rtmp.publish.RtmpToStream;
import dev.livepipe.ingest.rtmp.publish.StreamMetadata;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Track;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Feeds arbitrary bytes, as they would follow the handshake, through everything a connection
 * does with them: chunk reassembly, message decoding (AMF0 commands and data included), Set
 * Chunk Size and Abort, and the FLV/codec translation into access units. The only acceptable
 * failure is {@link RtmpProtocolException}; anything else (index errors, NPEs, OOM) is a bug.
 *
 * <p>Regression mode ({@code mvn test}) runs the seeds in
 * {@code src/test/resources/dev/livepipe/ingest/rtmp/fuzz/RtmpDecoderFuzzTestInputs/chunkStream};
 * with {@code JAZZER_FUZZ=1} it fuzzes for the given duration (see ingest/pom.xml).
 */
class RtmpDecoderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void chunkStream(byte[] data) {
        List<Runnable> timers = new ArrayList<>();
        RtmpToStream toStream = new RtmpToStream(new RtmpToStream.Output() {
            @Override
            public void publish(List<Track> tracks) {
                if (tracks.isEmpty()) {
                    throw new IllegalStateException("declared no tracks");
                }
            }

            @Override
            public void write(AccessUnit unit) {
                if (unit.payload().size() <= 0) {
                    throw new IllegalStateException("empty access unit");
                }
            }
        }, (delay, task) -> {
            timers.add(task);
            return () -> timers.remove(task);
        }, new RtmpToStream.Limits(Duration.ofSeconds(1), 32, 1 << 20), "[fuzz]");

        ChunkDecoder[] decoder = new ChunkDecoder[1];
        decoder[0] = new ChunkDecoder(64 * 1024, 16, raw -> handle(decoder[0], toStream, raw));
        try {
            // Split the input once, at a point the input chooses, to exercise resumption.
            int split = data.length == 0 ? 0 : (data[0] & 0xFF) % (data.length + 1);
            decoder[0].feed(Buffer.buffer(data).getBuffer(0, split));
            decoder[0].feed(Buffer.buffer(data).getBuffer(split, data.length));
            for (Runnable t : List.copyOf(timers)) {
                t.run(); // the track-wait deadline
            }
        } catch (RtmpProtocolException expected) {
            // malformed input: the connection would be closed
        } finally {
            toStream.stop();
        }
    }

    private static void handle(ChunkDecoder decoder, RtmpToStream toStream, RawMessage raw) {
        Optional<RtmpMessage> m = MessageDecoder.decode(raw);
        if (m.isEmpty()) {
            return;
        }
        switch (m.get()) {
            case SetChunkSize s -> decoder.setChunkSize(s.size());
            case Abort a -> decoder.abort(a.chunkStreamId());
            case VideoMessage v -> toStream.onVideo(v, 0, 0);
            case AudioMessage a -> toStream.onAudio(a, 0, 0);
            case DataAmf0 d -> {
                List<Object> v = d.unwrapped();
                if (v.size() > 1 && v.get(1) instanceof Amf0Properties p) {
                    toStream.onMetadata(StreamMetadata.from(p));
                }
            }
            default -> m.get().toRaw(); // re-encoding must work for every decoded message
        }
    }
}
