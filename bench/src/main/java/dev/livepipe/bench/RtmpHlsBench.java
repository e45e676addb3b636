// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTMP → HLS benchmark (docs/benchmarks.md): for each N, N concurrent RTMP publishers
 * replaying a pre-encoded 720p30 file against Livepipe, then against nginx-rtmp, one server at a
 * time on this machine, and a table of CPU per stream-minute, memory per stream, time to first
 * playlist and segment latency. Start it with {@code bench/run-rtmp-hls.sh} from the repository
 * root (it builds the jars and installs nginx-rtmp when missing).
 *
 * <p>Exit status: 0 when every phase produced figures, 1 when one failed, 2 on bad arguments.
 */
public final class RtmpHlsBench {

    private RtmpHlsBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchArgs.parseOrExit(args, BenchOptions::parse);
        org.bytedeco.ffmpeg.global.avutil.av_log_set_level(org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR);
        Path repo = Path.of("").toAbsolutePath();
        MachineFacts facts = MachineFacts.announce(repo);
        Fixture fixture = Fixture.prepare(options.fixture(), options.fixtureSeconds());
        System.out.println("Fixture: " + fixture.description());
        Path logDir = RunLogs.create(repo, "");
        if (options.servers().contains("livepipe") && !Files.isRegularFile(options.jar())) {
            System.err.println(options.jar() + " is missing; build it (./mvnw -DskipTests package) or pass --only nginx");
            System.exit(1);
        }
        Path jar = options.servers().contains("livepipe") ? snapshot(repo, options.jar(), repo.resolve("bench/target/livepipe-under-test")) : null;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String javaBin = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        PhaseRunner runner = new PhaseRunner(options, fixture, logDir);
        java.util.Map<String, String> livepipeEnv = java.util.Map.of("LIVEPIPE_RECORDING", options.recording(),
                "LIVEPIPE_AOT", options.aot() ? "on" : "off");
        if (jar != null && options.aot()) {
            trainAotCache(jar, javaBin, logDir, http, livepipeEnv, fixture, options);
        }
        List<PhaseResult> results = new ArrayList<>();
        boolean failed = false;
        for (int n : options.counts()) {
            for (String which : options.servers()) {
                Path phaseLogs = Files.createDirectories(logDir.resolve(which + "-n" + n));
                ServerUnderTest server = which.equals("livepipe")
                        ? new LivepipeUnderTest(jar, javaBin, phaseLogs, http, livepipeEnv)
                        : new NginxRtmpUnderTest(phaseLogs, "nginx");
                try {
                    results.add(runner.run(server, n));
                } catch (Exception e) {
                    failed = true;
                    System.err.println(which + " N=" + n + " failed: " + e.getMessage() + " (logs in " + phaseLogs + ")");
                }
            }
        }
        String report = ResultTable.markdown(facts, fixture.description(), options, results);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + options.out() + ")");
        System.exit(failed ? 1 : 0);
    }

    /**
     * The first start of the snapshot through {@code ./livepipe}, which records the launcher's JVM
     * AOT cache (JDK 25+), as a user's first start that served a few streams does: 8 publishers for
     * 90 s with playlist polling (long enough for the per-stream path to reach C2, so the cache's
     * profiles mark it hot), then a clean stop that writes the cache. Not measured. Exits the benchmark if no
     * cache appears, so a cold server is never reported as a cached one.
     */
    private static void trainAotCache(Path jar, String javaBin, Path logDir, HttpClient http,
                                      java.util.Map<String, String> env, Fixture fixture, BenchOptions options)
            throws Exception {
        Path trainingLogs = Files.createDirectories(logDir.resolve("aot-training"));
        LivepipeUnderTest server = new LivepipeUnderTest(jar, javaBin, trainingLogs, http, env);
        PhaseRunner.log("AOT cache: training start (8 publishers, 90 s, not measured; %s)", server.configuration());
        new PhaseRunner(options.forTraining(), fixture, trainingLogs).run(server, 8); // closes the server
        Path cache = server.aotCache().orElse(null);
        if (cache == null) {
            System.err.println("AOT training wrote no cache (see " + trainingLogs + "/livepipe.log); run with --aot off");
            System.exit(1);
        }
        PhaseRunner.log("AOT cache: %s (%.0f MiB); every measured Livepipe start uses it", cache.getFileName(),
                Files.size(cache) / 1048576.0);
    }

    /**
     * Copies the jar, its {@code lib/} directory and {@code repo}'s {@code ./livepipe} launcher aside, in the
     * checkout's layout ({@code dir/livepipe}, {@code dir/server/target/livepipe.jar}), so that a
     * rebuild in the checkout during the run cannot change the server between (or during) phases,
     * and the server starts through the README's run command. Modification times are kept, so the
     * launcher's JVM AOT cache key is the same as for the original jars. Returns the copied jar.
     */
    static Path snapshot(Path repo, Path jar, Path dir) throws java.io.IOException {
        Dirs.deleteQuietly(dir);
        Path target = dir.resolve("server").resolve("target");
        Files.createDirectories(target.resolve("lib"));
        Path lib = jar.toAbsolutePath().getParent().resolve("lib");
        if (Files.isDirectory(lib)) {
            try (var files = Files.list(lib)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve("lib").resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.copy(repo.resolve("livepipe"), dir.resolve("livepipe"), StandardCopyOption.COPY_ATTRIBUTES);
        Path copy = target.resolve("livepipe.jar");
        Files.copy(jar, copy, StandardCopyOption.COPY_ATTRIBUTES);
        return copy.toAbsolutePath();
    }
}
