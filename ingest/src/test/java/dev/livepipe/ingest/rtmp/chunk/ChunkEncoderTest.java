// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.rtmp.message.RawMessage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ChunkEncoderTest {

    @Test
    void writesType0ThenType3Chunks() {
        ChunkEncoder e = new ChunkEncoder();
        byte[] p = new byte[300];
        Buffer wire = e.encode(new RawMessage(3, 20, 0, 1, Buffer.buffer(p)));
        Buffer expected = new ChunkBytes().fmt0(3, 0, 300, 20, 1).payload(p, 0, 128)
                .fmt3(3).payload(p, 128, 256).fmt3(3).payload(p, 256, 300).buffer();
        assertThat(wire).isEqualTo(expected);
    }

    @Test
    void repeatsTheExtendedTimestampInContinuations() {
        ChunkEncoder e = new ChunkEncoder();
        e.setChunkSize(4096);
        byte[] p = new byte[5000];
        Buffer wire = e.encode(new RawMessage(70, 9, 0x12345678L, 1, Buffer.buffer(p)));
        Buffer expected = new ChunkBytes().fmt0(70, 0x12345678L, 5000, 9, 1).payload(p, 0, 4096)
                .fmt3(70).u32(0x12345678L).payload(p, 4096, 5000).buffer();
        assertThat(wire).isEqualTo(expected);
    }
}
