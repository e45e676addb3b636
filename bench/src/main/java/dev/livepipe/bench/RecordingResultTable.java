// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Renders the recording benchmark's results as Markdown: CPU of recording, completion time, sweeper throughput. */
final class RecordingResultTable {

    private RecordingResultTable() {
    }

    static String markdown(MachineFacts facts, String fixture, RecordingBenchOptions o, List<PhaseResult> off,
                           List<PhaseResult> on, List<BroadcastCompletion> completions, SweepThroughput.Result sweep,
                           List<String> failures) {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(facts.describe()).append("\n\n");
        b.append("Fixture: ").append(fixture).append("\n\n");
        if (!off.isEmpty() || !on.isEmpty()) {
            cpu(b, o, off, on);
        }
        if (!completions.isEmpty()) {
            completion(b, o, completions);
        }
        if (sweep != null) {
            b.append(String.format(Locale.ROOT, "%n### Sweeper throughput%n%n"
                            + "| expired recordings | objects (MP4 %d B + .json index) | seconds to delete rows and objects "
                            + "| recordings/s | batches (≤ %d) | refused | other processes, cores | seeding s |%n"
                            + "|---:|---:|---:|---:|---:|---:|---:|---:|%n"
                            + "| %d | %d → %d | %.2f | %.0f | %d | %d | %.2f | %.1f |%n",
                    sweep.mediaBytes(), sweep.batchSize(), sweep.recordings(), sweep.objectsBefore(),
                    sweep.objectsAfter(), sweep.sweepSeconds(), sweep.recordings() / sweep.sweepSeconds(),
                    sweep.batches(), sweep.refused(), sweep.otherCores(), sweep.seedSeconds()));
        }
        if (!failures.isEmpty()) {
            b.append("\nFailures:\n\n");
            failures.forEach(f -> b.append("- ").append(f).append('\n'));
        }
        return b.toString();
    }

    private static void cpu(StringBuilder b, RecordingBenchOptions o, List<PhaseResult> off, List<PhaseResult> on) {
        b.append(String.format(Locale.ROOT, "### CPU of recording on top of live HLS%n%n"
                + "T = %.0f s per phase, warm-up %.0f s, then the CPU window; recording off and on are separate "
                + "phases with fresh servers, in the order off, on for each N.%n%n", o.seconds(), o.warmupSeconds()));
        b.append("| N | window s off / on | CPU s per stream-minute, recording off | on | on − off "
                + "| recording threads, CPU s per stream-minute (share of the on tree) | other processes, cores off / on |\n");
        b.append("|---:|---|---:|---:|---:|---:|---|\n");
        for (int n : new TreeSet<>(o.counts())) {
            Optional<PhaseResult> f = find(off, n);
            Optional<PhaseResult> t = find(on, n);
            String diff = f.isPresent() && t.isPresent() ? f3(t.get().cpuPerStreamMinute() - f.get().cpuPerStreamMinute()) : "-";
            String rec = t.map(r -> String.format(Locale.ROOT, "%.3f (%.0f %%)", perStreamMinute(r, RecorderThreads.seconds(r.threadCpu())),
                    100 * RecorderThreads.seconds(r.threadCpu()) / Math.max(1e-9, r.cpuSeconds()))).orElse("-");
            b.append(String.format(Locale.ROOT, "| %d | %s / %s | %s | %s | %s | %s | %s / %s |%n", n,
                    f.map(r -> f0(r.windowSeconds())).orElse("-"), t.map(r -> f0(r.windowSeconds())).orElse("-"),
                    f.map(r -> f3(r.cpuPerStreamMinute())).orElse("-"), t.map(r -> f3(r.cpuPerStreamMinute())).orElse("-"),
                    diff, rec, f.map(r -> f2(r.otherCpuSeconds() / r.windowSeconds())).orElse("-"),
                    t.map(r -> f2(r.otherCpuSeconds() / r.windowSeconds())).orElse("-")));
        }
        b.append("\nDetails per phase:\n\n");
        b.append("| recording | N | tree CPU s (kernel) | cores busy | RSS idle → steady MiB | live heap idle → steady MiB "
                + "| server-added latency p50 / p99 ms | processing p50 / p99 ms | publishers' CPU s |\n");
        b.append("|---|---:|---:|---:|---|---|---:|---:|---:|\n");
        for (int n : new TreeSet<>(o.counts())) {
            for (PhaseResult r : List.of(find(off, n), find(on, n)).stream().flatMap(Optional::stream).toList()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.1f (%.1f) | %.2f | %.0f → %.0f | %.0f → %.0f | %s | %s | %.1f |%n",
                        off.contains(r) ? "off" : "on", n, r.cpuSeconds(), r.sysCpuSeconds(), r.cores(), r.idleRssMiB(),
                        r.steadyRssMiB(), r.idleLiveHeapMiB(), r.steadyLiveHeapMiB(),
                        Percentiles.pair(r.serverLatencyP50P99()[0], r.serverLatencyP50P99()[1]),
                        Percentiles.pair(Percentiles.of(r.processingMs(), 50), Percentiles.of(r.processingMs(), 99)),
                        r.publisherCpuSeconds()));
            }
        }
        b.append("\nLivepipe CPU by thread group in the window (seconds, share of the tree; * = counted as recording):\n\n");
        for (int n : new TreeSet<>(o.counts())) {
            for (PhaseResult r : List.of(find(off, n), find(on, n)).stream().flatMap(Optional::stream).toList()) {
                StringBuilder groups = new StringBuilder();
                for (Map.Entry<String, Double> e : r.threadCpu().entrySet().stream().limit(10).toList()) {
                    groups.append(groups.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "`%s`%s %.1f (%.0f%%)",
                            e.getKey(), RecorderThreads.isRecording(e.getKey()) ? "*" : "", e.getValue(),
                            100 * e.getValue() / Math.max(1e-9, r.cpuSeconds())));
                }
                b.append(String.format(Locale.ROOT, "- N=%d recording %s: %s%n", n, off.contains(r) ? "off" : "on", groups));
            }
        }
        List<String> problems = new java.util.ArrayList<>();
        for (PhaseResult r : off) {
            r.problems().forEach(p -> problems.add("off N=" + r.streams() + ": " + p));
        }
        for (PhaseResult r : on) {
            r.problems().forEach(p -> problems.add("on N=" + r.streams() + ": " + p));
        }
        if (!problems.isEmpty()) {
            b.append("\nNotes from the CPU phases:\n\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
    }

    private static void completion(StringBuilder b, RecordingBenchOptions o, List<BroadcastCompletion> all) {
        double graceMs = o.graceSeconds() * 1000;
        List<Double> raw = all.stream().map(BroadcastCompletion::disconnectToCompleteMs).filter(v -> !Double.isNaN(v)).toList();
        List<Double> net = raw.stream().map(v -> v - graceMs).toList();
        long ok = all.stream().filter(BroadcastCompletion::ok).count();
        double maxDurationError = all.stream().filter(c -> !Double.isNaN(c.durationSeconds()))
                .mapToDouble(c -> Math.abs(c.durationSeconds() - c.publishedSeconds())).max().orElse(Double.NaN);
        long minBytes = all.stream().mapToLong(BroadcastCompletion::bytes).min().orElse(0);
        double meanPolls = all.stream().mapToInt(BroadcastCompletion::polls).average().orElse(0);
        b.append(String.format(Locale.ROOT, "%n### Broadcast end → recording complete in S3%n%n"
                        + "%d rounds × %d concurrent broadcasts of %.0f s, LIVEPIPE_RECONNECT_GRACE_SECONDS=%s, "
                        + "GET /api/recordings?stream=… every %d ms on average (jittered ±50 %%).%n%n"
                        + "| broadcasts (complete, checked) | complete − disconnect − grace p50 / p99 / max ms "
                        + "| raw complete − disconnect p50 / p99 / max ms | smallest bytes | max abs(duration − published) s | polls per broadcast |%n"
                        + "|---:|---:|---:|---:|---:|---:|%n"
                        + "| %d (%d) | %.0f / %.0f / %.0f | %.0f / %.0f / %.0f | %d | %.2f | %.0f |%n",
                o.completionRounds(), o.completionStreams(), o.broadcastSeconds(), trim(o.graceSeconds()), o.pollMillis(),
                all.size(), ok, Percentiles.of(net, 50), Percentiles.of(net, 99), max(net), Percentiles.of(raw, 50),
                Percentiles.of(raw, 99), max(raw), minBytes, maxDurationError, meanPolls));
        List<String> problems = all.stream().filter(c -> !c.ok())
                .map(c -> "round " + c.round() + " stream " + c.streamId() + ": " + c.problem()).toList();
        if (!problems.isEmpty()) {
            b.append("\nProblems:\n\n");
            problems.forEach(p -> b.append("- ").append(p).append('\n'));
        }
    }

    private static double perStreamMinute(PhaseResult r, double seconds) {
        return seconds / (r.streams() * r.windowSeconds() / 60.0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static Optional<PhaseResult> find(List<PhaseResult> results, int n) {
        return results.stream().filter(r -> r.streams() == n).findFirst();
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
