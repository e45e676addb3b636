// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitsTest {

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }

    @Test
    void nalUnitsSplitByTheirLengthPrefix() {
        Buffer four = Buffer.buffer().appendInt(2).appendBytes(hex("6588")).appendInt(0).appendInt(1).appendByte((byte) 6);
        List<byte[]> nals = NalUnits.split(four, 0, four.length(), 4);
        assertThat(nals).hasSize(2);
        assertThat(nals.get(0)).containsExactly(0x65, 0x88);
        assertThat(NalUnits.isH264Idr(nals.get(0))).isTrue();
        Buffer two = Buffer.buffer().appendShort((short) 1).appendByte((byte) 0x28);
        assertThat(NalUnits.isHevcIrap(NalUnits.split(two, 0, 3, 2).get(0))).isTrue(); // type 20
        Buffer bad = Buffer.buffer().appendInt(9).appendByte((byte) 1);
        assertThatThrownBy(() -> NalUnits.split(bad, 0, bad.length(), 4)).isInstanceOf(RtmpProtocolException.class);
        Buffer cut = Buffer.buffer().appendShort((short) 1);
        assertThatThrownBy(() -> NalUnits.split(cut, 0, 2, 4)).isInstanceOf(RtmpProtocolException.class);
    }
}
