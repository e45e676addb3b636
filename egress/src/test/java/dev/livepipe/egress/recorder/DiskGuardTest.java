// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskGuardTest {

    @TempDir
    Path dir;

    @Test
    void reportsLowSpaceAndRecovery() {
        DiskGuard low = new DiskGuard(dir.resolve("not/yet/created"), Long.MAX_VALUE, 0);
        assertThat(low.check()).contains("low disk space");
        assertThat(low.problem()).isNotNull();
        assertThat(low.describe().getLong("freeBytes")).isPositive();

        DiskGuard fine = new DiskGuard(dir, 1, 0.001);
        assertThat(fine.check()).isNull();
        assertThat(fine.problem()).isNull();
    }
}
