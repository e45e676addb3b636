// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time per thread of one process from {@code /proc/<pid>/task/<tid>/stat} and {@code comm}
 * (the JVM names native threads after Java threads, truncated to 15 characters). The difference
 * of two snapshots, grouped by name with digits folded, shows where a server spends its CPU
 * without any profiler attached: event loops, muxing workers, GC, JIT compiler.
 *
 * @param names tid to thread name
 * @param ticks tid to utime + stime
 */
public record ThreadCpu(Map<Long, String> names, Map<Long, Long> ticks) {

    /** Snapshot of every thread of {@code pid} (empty if it is gone). */
    public static ThreadCpu of(long pid) {
        Map<Long, String> names = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        Path task = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> tids = Files.list(task)) {
            tids.forEach(t -> {
                try {
                    long tid = Long.parseLong(t.getFileName().toString());
                    String stat = Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    names.put(tid, Files.readString(t.resolve("comm")).trim());
                    ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // process gone
        }
        return new ThreadCpu(names, ticks);
    }

    /** CPU seconds per thread group between {@code earlier} and this snapshot, largest first. */
    public Map<String, Double> secondsByGroupSince(ThreadCpu earlier) {
        Map<String, Double> groups = new HashMap<>();
        for (Map.Entry<Long, Long> e : ticks.entrySet()) {
            long delta = e.getValue() - earlier.ticks.getOrDefault(e.getKey(), 0L);
            if (delta > 0) {
                String group = names.get(e.getKey()).replaceAll("[0-9]+", "#");
                groups.merge(group, delta / ProcSample.TICKS_PER_SECOND, Double::sum);
            }
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
