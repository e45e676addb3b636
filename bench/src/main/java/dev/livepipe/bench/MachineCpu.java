// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine from the first line of {@code /proc/stat} (all states but
 * idle and iowait), to tell how much CPU processes other than the server and the benchmark used
 * during a window — on a shared machine, a concurrent build skews latency tails.
 *
 * @param busyTicks busy clock ticks summed over all CPUs since boot
 */
public record MachineCpu(long busyTicks) {

    /** Reads /proc/stat now (0 ticks if unreadable). */
    public static MachineCpu now() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return new MachineCpu(busy);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0);
        }
    }

    /** Busy CPU seconds of the machine since {@code earlier}. */
    public double secondsSince(MachineCpu earlier) {
        return (busyTicks - earlier.busyTicks) / ProcSample.TICKS_PER_SECOND;
    }
}
