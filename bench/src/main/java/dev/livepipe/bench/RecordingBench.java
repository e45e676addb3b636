// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The recording benchmark (issue 3; docs/benchmarks.md, "Recording"), three parts on this machine:
 * <ol>
 *   <li><b>CPU of recording</b>: for each N, N paced RTMP publishers of the 720p30 fixture against
 *       a fresh Livepipe with {@code LIVEPIPE_RECORDING=off}, then against a fresh one with it
 *       {@code on} (the shared {@link PhaseRunner}); CPU per stream-minute of both, the difference,
 *       and the recording threads' share ({@link RecorderThreads});</li>
 *   <li><b>completion time</b> ({@link RecordingCompletionRun}): broadcast end (publisher
 *       disconnected) to recording {@code complete} through the API, p50/p99;</li>
 *   <li><b>sweeper throughput</b> ({@link SweepThroughput}): seconds to delete 10,000 expired
 *       recordings and both objects of each.</li>
 * </ol>
 * Start it with {@code bench/run-recording.sh} from the repository root. Everything is on
 * loopback; every child process is stopped at the end of its phase and, should the benchmark be
 * interrupted, by shutdown hooks.
 *
 * <p>Exit status: 0 when every part produced figures, 1 when one failed, 2 on bad arguments.
 */
public final class RecordingBench {

    private RecordingBench() {
    }

    public static void main(String[] args) throws Exception {
        RecordingBenchOptions options = BenchArgs.parseOrExit(args, RecordingBenchOptions::parse);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants()
                .filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly), "bench-kill-children"));
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        long started = System.nanoTime();
        Path repo = Path.of("").toAbsolutePath();
        MachineFacts facts = MachineFacts.announce(repo);
        Fixture fixture = Fixture.prepare(options.fixture(), 30);
        System.out.println("Fixture: " + fixture.description());
        Path logDir = RunLogs.create(repo, "recording-");
        boolean needsServer = options.phases().contains("cpu") || options.phases().contains("completion");
        if (needsServer && !Files.isRegularFile(options.jar())) {
            System.err.println(options.jar() + " is missing; build it (./mvnw -Dmaven.test.skip=true package -pl server -am)");
            System.exit(1);
        }
        Path jar = needsServer ? RtmpHlsBench.snapshot(repo, options.jar(), repo.resolve("bench/target/livepipe-under-test-recording")) : null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String javaBin = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());

        List<PhaseResult> off = new ArrayList<>();
        List<PhaseResult> on = new ArrayList<>();
        List<BroadcastCompletion> completions = new ArrayList<>();
        SweepThroughput.Result sweep = null;
        List<String> failures = new ArrayList<>();
        if (options.phases().contains("cpu")) {
            PhaseRunner runner = new PhaseRunner(options.phaseOptions(), fixture, logDir);
            for (int n : options.counts()) {
                for (String recording : List.of("off", "on")) {
                    Path phaseLogs = Files.createDirectories(logDir.resolve("recording-" + recording + "-n" + n));
                    ServerUnderTest server = new LivepipeUnderTest(jar, javaBin, phaseLogs, http,
                            Map.of("LIVEPIPE_RECORDING", recording));
                    try {
                        (recording.equals("off") ? off : on).add(runner.run(server, n));
                    } catch (Exception e) {
                        failures.add("CPU phase recording " + recording + " N=" + n + ": " + e.getMessage() + " (logs in " + phaseLogs + ")");
                        System.err.println(failures.getLast());
                    }
                }
            }
        }
        if (options.phases().contains("completion")) {
            try {
                completions.addAll(new RecordingCompletionRun(options, fixture, jar, javaBin, logDir, http).run());
            } catch (Exception e) {
                failures.add("completion phase: " + e.getMessage() + " (logs in " + logDir.resolve("completion") + ")");
                System.err.println(failures.getLast());
            }
        }
        if (options.phases().contains("sweep")) {
            try {
                sweep = SweepThroughput.run(options.sweepRecordings(), options.sweepObjectBytes(), logDir);
            } catch (Exception e) {
                failures.add("sweeper phase: " + e);
                System.err.println(failures.getLast());
            }
        }
        if (completions.stream().anyMatch(c -> !c.ok())) {
            failures.add("some broadcasts did not complete as published (see the completion problems)");
        }
        String report = RecordingResultTable.markdown(facts, fixture.description(), options, off, on, completions, sweep,
                failures);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
        System.out.println();
        System.out.println(report);
        System.out.printf("(written to %s; total %.1f min)%n", options.out(), (System.nanoTime() - started) / 60e9);
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
