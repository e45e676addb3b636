// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Renders phase results as a one-line summary and as the Markdown report. */
final class ResultTable {

    private ResultTable() {
    }

    /** One line for the progress log. */
    static String phaseLine(PhaseResult r) {
        return String.format(Locale.ROOT,
                "%s N=%d: %.1f s steady window, %.3f CPU s/stream-min (%.2f cores; first window %s), RSS %.0f -> %.0f MiB (%s MiB/stream), "
                        + "first playlist p50/p99 %s ms, server latency %s ms, outside %s ms, publishers %.1f CPU s%s",
                r.server(), r.streams(), r.windowSeconds(), r.cpuPerStreamMinute(), r.cores(),
                f3(r.firstCpuPerStreamMinute()), r.idleRssMiB(),
                r.steadyRssMiB(), memory(r), pair(r.firstPlaylistMs()), Percentiles.pair(r.serverLatencyP50P99()[0],
                        r.serverLatencyP50P99()[1]), pair(r.outsideLatencyMs()), r.publisherCpuSeconds(),
                r.problems().isEmpty() ? "" : " | " + String.join("; ", r.problems()));
    }

    /** The full report: facts, the comparison table, details, thread breakdown, problems. */
    static String markdown(MachineFacts facts, String fixture, BenchOptions o, List<PhaseResult> results) {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(facts.describe()).append("\n\n");
        b.append("Fixture: ").append(fixture).append("\n\n");
        b.append(String.format(Locale.ROOT, "Run: T = %.0f s per phase, latency window %.0f s, playlist poll every %d ms on average (jittered ±50 %%), "
                        + "first CPU window %.0f s, then the steady CPU window; Livepipe %s.%n%n",
                o.seconds(), o.latencySeconds(), o.pollMillis(), o.firstSeconds(),
                o.aot() ? "started with the JVM AOT cache its unmeasured first start recorded (./livepipe's default on JDK 25+)"
                        : "started cold (LIVEPIPE_AOT=off)"));
        b.append("| N | steady CPU window s (Livepipe / nginx) | CPU s per stream-minute, steady: Livepipe | nginx-rtmp "
                + "| CPU s per stream-minute, first window: Livepipe | nginx-rtmp | RSS MiB per stream: Livepipe | nginx-rtmp | first playlist p50 / p99 ms: Livepipe | nginx-rtmp "
                + "| server-added latency p50 / p99 ms (Livepipe-reported) "
                + "| observed from outside p50 / p99 ms: Livepipe | nginx-rtmp |\n");
        b.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int n : new TreeSet<>(results.stream().map(PhaseResult::streams).toList())) {
            Optional<PhaseResult> lp = find(results, "Livepipe", n);
            Optional<PhaseResult> ng = find(results, "nginx-rtmp", n);
            b.append(String.format(Locale.ROOT, "| %d | %s / %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", n,
                    lp.map(r -> f0(r.windowSeconds())).orElse("-"), ng.map(r -> f0(r.windowSeconds())).orElse("-"),
                    lp.map(r -> f3(r.cpuPerStreamMinute())).orElse("-"), ng.map(r -> f3(r.cpuPerStreamMinute())).orElse("-"),
                    lp.map(r -> f3(r.firstCpuPerStreamMinute())).orElse("-"),
                    ng.map(r -> f3(r.firstCpuPerStreamMinute())).orElse("-"),
                    lp.map(ResultTable::memory).orElse("-"), ng.map(ResultTable::memory).orElse("-"),
                    lp.map(r -> pair(r.firstPlaylistMs())).orElse("-"), ng.map(r -> pair(r.firstPlaylistMs())).orElse("-"),
                    lp.map(r -> Percentiles.pair(r.serverLatencyP50P99()[0], r.serverLatencyP50P99()[1])).orElse("-"),
                    lp.map(r -> pair(r.outsideLatencyMs())).orElse("-"), ng.map(r -> pair(r.outsideLatencyMs())).orElse("-")));
        }
        b.append("\nDetails per phase:\n\n");
        b.append("| server | N | window s | tree CPU s (of which kernel) | cores busy | root process CPU s | other processes, cores | RSS idle → steady MiB "
                + "| live heap idle → steady MiB (per stream) | HLS files on tmpfs MiB "
                + "| publishers' CPU s (bench JVM) | server processing p50 / p99 ms | latency samples: server / outside |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---|\n");
        for (PhaseResult r : results) {
            String heap = Double.isNaN(r.idleLiveHeapMiB()) ? "-" : String.format(Locale.ROOT, "%.0f → %.0f (%.2f)",
                    r.idleLiveHeapMiB(), r.steadyLiveHeapMiB(), r.liveHeapPerStreamMiB());
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f (%.1f) | %.2f | %.1f | %.2f | %.0f → %.0f | %s | %.1f | %.1f | %s | %d / %d |%n",
                    r.server(), r.streams(), r.windowSeconds(), r.cpuSeconds(), r.sysCpuSeconds(), r.cores(), r.rootCpuSeconds(),
                    r.otherCpuSeconds() / r.windowSeconds(),
                    r.idleRssMiB(), r.steadyRssMiB(), heap, r.mediaOutsideMiB(), r.publisherCpuSeconds(),
                    pair(r.processingMs()), r.serverLatencyCount(), r.outsideLatencyMs().size()));
        }
        b.append("\nLivepipe CPU by thread group (seconds, share of the tree's CPU; digits folded to #):\n\n");
        for (PhaseResult r : results) {
            if (!r.server().equals("Livepipe")) {
                continue;
            }
            if (r.firstWindowSeconds() > 0) {
                b.append(String.format(Locale.ROOT, "- %s N=%d, first window: %s%n", r.server(), r.streams(),
                        groups(r.firstThreadCpu(), r.firstCpuSeconds())));
            }
            b.append(String.format(Locale.ROOT, "- %s N=%d, steady window: %s%n", r.server(), r.streams(),
                    groups(r.threadCpu(), r.cpuSeconds())));
        }
        b.append("\nServer-reported latency source: ");
        results.stream().filter(r -> r.server().equals("Livepipe")).findFirst()
                .ifPresentOrElse(r -> b.append(r.serverLatencyNote()), () -> b.append("(Livepipe not run)"));
        b.append('\n');
        List<String> problems = results.stream().filter(r -> !r.problems().isEmpty())
                .map(r -> r.server() + " N=" + r.streams() + ": " + String.join("; ", r.problems())).toList();
        if (!problems.isEmpty()) {
            b.append("\nProblems:\n\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
        return b.toString();
    }

    /** The eight busiest thread groups with their share of {@code treeCpu}. */
    private static String groups(Map<String, Double> threads, double treeCpu) {
        StringBuilder groups = new StringBuilder();
        for (Map.Entry<String, Double> e : threads.entrySet().stream().limit(8).toList()) {
            groups.append(groups.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "`%s` %.1f (%.0f%%)", e.getKey(),
                    e.getValue(), 100 * e.getValue() / Math.max(1e-9, treeCpu)));
        }
        return groups.toString();
    }

    /** RSS per stream, plus tmpfs-held HLS output when the server keeps its segments there. */
    private static String memory(PhaseResult r) {
        return r.mediaOutsideMiB() > 0
                ? String.format(Locale.ROOT, "%.1f (+%.1f HLS files on tmpfs)", r.rssPerStreamMiB(), r.mediaOutsideMiB() / r.streams())
                : f1(r.rssPerStreamMiB());
    }

    private static Optional<PhaseResult> find(List<PhaseResult> results, String server, int n) {
        return results.stream().filter(r -> r.server().equals(server) && r.streams() == n).findFirst();
    }

    private static String pair(List<Double> values) {
        return Percentiles.pair(Percentiles.of(values, 50), Percentiles.of(values, 99));
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
