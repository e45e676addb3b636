// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which kernels {@link ReadLowWater} trusts to wake a socket when its mark is lowered. */
class ReadLowWaterTest {

    @Test
    void linuxFrom4Point18Only() {
        assertThat(ReadLowWater.kernelAtLeast("Linux", "6.18.44-fc-v595", 4, 18)).isTrue();
        assertThat(ReadLowWater.kernelAtLeast("Linux", "4.18.0-553.el8_10.x86_64", 4, 18)).isTrue();
        assertThat(ReadLowWater.kernelAtLeast("Linux", "5.4", 4, 18)).isTrue();
        assertThat(ReadLowWater.kernelAtLeast("Linux", "4.14.355", 4, 18)).isFalse();
        assertThat(ReadLowWater.kernelAtLeast("Linux", "3.10.0-1160.el7", 4, 18)).isFalse();
        assertThat(ReadLowWater.kernelAtLeast("Linux", "", 4, 18)).isFalse();
        assertThat(ReadLowWater.kernelAtLeast("Mac OS X", "14.5", 4, 18)).isFalse();
    }
}
