// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The WHIP benchmark (issue 4, docs/benchmarks.md). Part 1: set-up time over browser publishes
 * (headless Chromium from {@code /broadcast}). Part 2: headless WHIP load clients at each N
 * (default 8 and 32), then up to two more N to bracket the largest N ≤ 64 the node holds.
 * Livepipe runs as a child process on loopback ({@code LIVEPIPE_WEBRTC_INTERFACES=loopback}),
 * from a copy of the jar. Start it with {@code bench/run-whip.sh}.
 *
 * <p>Arguments: {@code [N ...] [--publishes P] [--seconds T] [--warmup W] [--only setup|load]
 * [--no-search]}. Exit status 0 when every part produced figures, 1 otherwise, 2 on bad arguments.
 */
public final class WhipBench {

    private WhipBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = new ArrayList<>();
        int publishes = 20;
        int seconds = 60;
        int warmup = 15;
        String only = "";
        boolean search = true;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--publishes" -> publishes = Integer.parseInt(args[++i]);
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--only" -> only = args[++i];
                    case "--no-search" -> search = false;
                    default -> counts.add(Integer.parseInt(args[i]));
                }
            }
        } catch (RuntimeException e) {
            System.err.println("usage: run-whip.sh [N ...] [--publishes P] [--seconds T] [--warmup W] [--only setup|load] [--no-search]");
            System.exit(2);
            return;
        }
        if (counts.isEmpty()) {
            counts.addAll(List.of(8, 32));
        }
        // ice4j / jitsi-srtp log through java.util.logging at INFO per session: keep warnings only.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        for (var h : java.util.logging.Logger.getLogger("").getHandlers()) {
            h.setLevel(java.util.logging.Level.WARNING);
        }
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        Path repo = Path.of("").toAbsolutePath();
        MachineFacts facts = MachineFacts.announce(repo);
        Path logDir = RunLogs.create(repo, "whip-");
        Path jar = RtmpHlsBench.snapshot(repo, repo.resolve("server/target/livepipe.jar"),
                repo.resolve("bench/target/livepipe-under-test-whip"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String javaBin = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map<String, String> env = Map.of("LIVEPIPE_WEBRTC_INTERFACES", "loopback", "LIVEPIPE_WEBRTC_UDP_PORT", "0");
        StringBuilder report = new StringBuilder();
        report.append("Machine: ").append(facts.describe()).append("\n\n");
        boolean failed = false;

        if (!only.equals("load")) {
            Path dir = Files.createDirectories(logDir.resolve("setup"));
            LivepipeUnderTest server = new LivepipeUnderTest(jar, javaBin, dir, http, env);
            List<String> failures = new ArrayList<>();
            List<SetupTimeSample> samples = List.of();
            MachineCpu m0 = MachineCpu.now();
            long t0 = System.nanoTime();
            try {
                server.start();
                samples = WhipSetupRun.run(server, dir.resolve("livepipe.log"), publishes, 2_000, failures);
            } catch (Exception e) {
                failures.add(e.toString());
                System.out.println("set-up part failed: " + e);
            } finally {
                server.close();
            }
            double busyCores = MachineCpu.now().secondsSince(m0) / ((System.nanoTime() - t0) / 1e9);
            failed |= samples.isEmpty();
            report.append(setupTable(samples, publishes, failures, busyCores));
        }
        if (!only.equals("setup")) {
            Path fixtureFile = repo.resolve("bench/target/whip-fixture-720p30.mkv");
            RtpFixture fixture = RtpFixture.prepare(fixtureFile, 20);
            System.out.println("Fixture: " + fixture.description());
            List<WhipLoadResult> results = new ArrayList<>();
            List<Integer> todo = new ArrayList<>(counts);
            int extra = search ? 2 : 0;
            while (!todo.isEmpty()) {
                int n = todo.remove(0);
                Path dir = Files.createDirectories(logDir.resolve("load-n" + n));
                System.out.println("Load phase N=" + n + " (logs in " + dir + ")");
                try {
                    WhipLoadResult r = WhipLoadRun.run(new LivepipeUnderTest(jar, javaBin, dir, http, env),
                            http, fixture, n, warmup, seconds);
                    results.add(r);
                    System.out.println("  " + loadRow(r));
                } catch (Exception e) {
                    failed = true;
                    System.out.println("  N=" + n + " failed: " + e);
                }
                if (todo.isEmpty() && extra > 0) {
                    Integer next = nextCount(results);
                    if (next != null) {
                        todo.add(next);
                        extra--;
                    }
                }
            }
            report.append(loadTable(results, fixture, seconds, warmup));
        }
        Path out = repo.resolve("bench/target/whip-results.md");
        Files.writeString(out, report.toString());
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + out + ")");
        System.exit(failed ? 1 : 0);
    }

    /** Bisects between the largest N that held and the smallest that did not (within 1..64). */
    private static Integer nextCount(List<WhipLoadResult> results) {
        int held = results.stream().filter(WhipLoadResult::holds).mapToInt(WhipLoadResult::sessions).max().orElse(0);
        int notHeld = results.stream().filter(r -> !r.holds()).mapToInt(WhipLoadResult::sessions).min().orElse(65);
        if (notHeld == 65) {
            return held < 64 ? 64 : null;
        }
        int mid = (held + notHeld) / 2;
        return notHeld - held > 4 && mid > held ? mid : null;
    }

    private static String setupTable(List<SetupTimeSample> s, int publishes, List<String> failures, double busyCores) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "### Set-up time, %d of %d browser publishes completed (machine busy %.2f cores on average during the part, Chromium included)%n%n",
                s.size(), publishes, busyCores));
        b.append("| stage | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|\n");
        row(b, "POST → answer at the page", s, SetupTimeSample::answerMs);
        row(b, "POST → ICE connected", s, SetupTimeSample::iceMs);
        row(b, "ICE connected → DTLS done", s, SetupTimeSample::dtlsMs);
        row(b, "DTLS done → first keyframe (tracks declared)", s, SetupTimeSample::keyframeMs);
        row(b, "first keyframe → first HLS segment listed", s, SetupTimeSample::segmentMs);
        row(b, "**POST → first HLS segment (end to end)**", s, SetupTimeSample::totalMs);
        if (!failures.isEmpty()) {
            b.append("\nIncomplete publishes: ").append(String.join("; ", failures)).append('\n');
        }
        return b.append('\n').toString();
    }

    private static void row(StringBuilder b, String name, List<SetupTimeSample> s, ToLongFunction<SetupTimeSample> f) {
        List<Double> v = s.stream().map(x -> (double) f.applyAsLong(x)).toList();
        b.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", name, Percentiles.of(v, 50),
                Percentiles.of(v, 99), Percentiles.of(v, 100)));
    }

    private static String loadRow(WhipLoadResult r) {
        return String.format(Locale.ROOT, "| %d | %d | %s | %.0f | %.3f | %.1f (%.1f) | %.1f | %.2f | %.0f → %.0f | %.1f | %d / %d | %.0f | %d | %.0f / %.0f |",
                r.sessions(), r.connected(), r.holds() ? "**yes**" : "no", r.windowSeconds(), r.cpuPerStreamMinute(),
                r.serverCpuSeconds(), r.serverSysSeconds(), r.clientCpuSeconds(), r.otherCores(), r.rssIdleMiB(),
                r.rssSteadyMiB(), r.rssPerSessionMiB(), r.fresh(), r.sessions(), r.worstGapMs(), r.segments(),
                r.connectP50Ms(), r.connectP99Ms());
    }

    private static String loadTable(List<WhipLoadResult> results, RtpFixture fixture, int seconds, int warmup) {
        StringBuilder b = new StringBuilder();
        b.append("### WHIP load clients (").append(fixture.description()).append("; warm-up ").append(warmup)
                .append(" s, CPU window ").append(seconds).append(" s)\n\n");
        b.append("| N | connected | holds | window s | server CPU s per stream-minute | server tree CPU s (kernel) | load clients' CPU s | other processes, cores | server RSS idle → steady MiB | RSS MiB per session | fresh sessions | worst segment gap ms | segments in window | client POST → DTLS done p50 / p99 ms |\n");
        b.append("|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---|---:|---:|---|\n");
        results.forEach(r -> b.append(loadRow(r)).append('\n'));
        return b.append('\n').toString();
    }
}
