// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Payload;
import dev.livepipe.media.Track;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleBytesTest {

    @Test
    void nalUnitsGetBigEndianLengthPrefixes() {
        byte[] out = SampleBytes.of(new Payload.H264(List.of(new byte[] {0x65, 1, 2}, new byte[] {0x06})), 4);
        assertThat(out).containsExactly(0, 0, 0, 3, 0x65, 1, 2, 0, 0, 0, 1, 0x06);
        assertThat(SampleBytes.lengthPrefixed(List.of(new byte[] {9, 9}), 2)).containsExactly(0, 2, 9, 9);
        assertThatThrownBy(() -> SampleBytes.lengthPrefixed(List.of(new byte[300]), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthSizeComesFromTheConfigurationRecord() {
        Track avc = new Track(0, Codec.H264, 1000, new CodecConfig.Avc(new byte[] {1, 0x64, 0, 0x1f, (byte) 0xfd}),
                2, 2, 0, 0, "");
        assertThat(SampleBytes.nalLengthSize(avc)).isEqualTo(2); // lengthSizeMinusOne = 1
        byte[] hvcC = new byte[23];
        hvcC[21] = 0x0f;
        Track hevc = new Track(0, Codec.HEVC, 1000, new CodecConfig.Hvc(hvcC), 2, 2, 0, 0, "");
        assertThat(SampleBytes.nalLengthSize(hevc)).isEqualTo(4);
    }

    @Test
    void aacFramesPassThrough() {
        byte[] frame = {1, 2, 3};
        assertThat(SampleBytes.of(new Payload.Aac(frame), 4)).isSameAs(frame);
    }
}
