// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of a process and its live descendants at one instant, read from
 * Linux {@code /proc/<pid>/stat} (utime + stime, in clock ticks) and {@code /proc/<pid>/status}
 * ({@code VmRSS}).
 *
 * @param nanos    {@link System#nanoTime()} of the sample
 * @param rootPid  the process the tree hangs from
 * @param cpuTicks utime + stime per pid (root and descendants alive at the sample)
 * @param sysTicks stime per pid
 * @param rssKiB   VmRSS per pid
 */
public record ProcSample(long nanos, long rootPid, Map<Long, Long> cpuTicks, Map<Long, Long> sysTicks,
                         Map<Long, Long> rssKiB) {

    /** Clock ticks per second ({@code getconf CLK_TCK}); 100 on every mainstream Linux. */
    static final double TICKS_PER_SECOND = clockTicks();

    /** Samples {@code root} and every live descendant. */
    public static ProcSample of(ProcessHandle root) {
        return of(List.of(root));
    }

    /** Samples every process the server runs in ({@link ServerUnderTest#processes()}). */
    public static ProcSample of(ServerUnderTest server) {
        return of(server.processes());
    }

    /**
     * Samples each of {@code roots} and their live descendants; the first root is {@link #rootPid}.
     */
    public static ProcSample of(List<ProcessHandle> roots) {
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, Long> sys = new HashMap<>();
        Map<Long, Long> rss = new HashMap<>();
        ProcessHandle root = roots.getFirst();
        List<ProcessHandle> all = roots.stream().flatMap(r -> Stream.concat(Stream.of(r), r.descendants()))
                .distinct().toList();
        for (ProcessHandle p : all) {
            long pid = p.pid();
            long[] ticks = ticks(pid);
            if (ticks != null) {
                cpu.put(pid, ticks[0] + ticks[1]);
                sys.put(pid, ticks[1]);
                rss.put(pid, rssKiB(pid));
            }
        }
        return new ProcSample(System.nanoTime(), root.pid(), cpu, sys, rss);
    }

    /** Total resident memory of the tree in MiB (shared pages counted once per process). */
    public double treeRssMiB() {
        return rssKiB.values().stream().mapToLong(Long::longValue).sum() / 1024.0;
    }

    /** Resident memory of the root process alone, in MiB. */
    public double rootRssMiB() {
        return rssKiB.getOrDefault(rootPid, 0L) / 1024.0;
    }

    /**
     * CPU seconds the tree used between {@code earlier} and this sample: per pid present in both,
     * the difference; per pid born since, all of its time. (Time of descendants that died in
     * between is lost; the trees measured here keep their processes.)
     */
    public double treeCpuSecondsSince(ProcSample earlier) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : cpuTicks.entrySet()) {
            ticks += e.getValue() - earlier.cpuTicks.getOrDefault(e.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** Kernel-mode (stime) CPU seconds of the tree between {@code earlier} and this sample. */
    public double treeSysSecondsSince(ProcSample earlier) {
        long ticks = 0;
        for (Map.Entry<Long, Long> e : sysTicks.entrySet()) {
            ticks += e.getValue() - earlier.sysTicks.getOrDefault(e.getKey(), 0L);
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** CPU seconds of the root process alone between {@code earlier} and this sample. */
    public double rootCpuSecondsSince(ProcSample earlier) {
        return (cpuTicks.getOrDefault(rootPid, 0L) - earlier.cpuTicks.getOrDefault(rootPid, 0L)) / TICKS_PER_SECOND;
    }

    /** Seconds of wall time between {@code earlier} and this sample. */
    public double secondsSince(ProcSample earlier) {
        return (nanos - earlier.nanos) / 1e9;
    }

    /** utime + stime of {@code pid} in ticks, -1 if it is gone. */
    static long cpuTicks(long pid) {
        long[] t = ticks(pid);
        return t == null ? -1 : t[0] + t[1];
    }

    /** {utime, stime} of {@code pid} in ticks, null if it is gone. */
    static long[] ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return 0;
    }

    private static double clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
