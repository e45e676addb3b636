// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Command-line options of {@link RecordingBench}.
 *
 * @param counts             publisher counts for the CPU phases (default 1 8 32); each N runs
 *                           twice, recording off then on
 * @param seconds            publish time of a CPU phase (default 50)
 * @param warmupSeconds      playlist polling and JIT warm-up before the CPU window (default 10)
 * @param completionStreams  concurrent broadcasts per round of the completion phase (default 8)
 * @param completionRounds   rounds of the completion phase (default 2)
 * @param broadcastSeconds   media per broadcast in the completion phase (default 25)
 * @param graceSeconds       {@code LIVEPIPE_RECONNECT_GRACE_SECONDS} in the completion phase (default 1)
 * @param pollMillis         mean poll interval of {@code GET /api/recordings}, jittered ±50 % (default 50)
 * @param sweepRecordings    expired recordings the sweeper phase deletes (default 10,000)
 * @param sweepObjectBytes   size of each recording's MP4 object in the sweeper phase (default 1024)
 * @param phases             which parts run: cpu, completion, sweep (default all)
 * @param fixture            the fixture file (default bench/target/fixture-720p30.flv)
 * @param jar                Livepipe's jar (default server/target/livepipe.jar)
 * @param out                where the Markdown results go (default bench/target/recording-results.md)
 */
public record RecordingBenchOptions(List<Integer> counts, double seconds, double warmupSeconds, int completionStreams,
                                    int completionRounds, double broadcastSeconds, double graceSeconds,
                                    long pollMillis, int sweepRecordings, int sweepObjectBytes, Set<String> phases,
                                    Path fixture, Path jar, Path out) {

    static final String USAGE = """
            usage: run-recording.sh [N ...] [--seconds T] [--warmup-seconds W] [--only cpu|completion|sweep]
                                    [--streams S] [--rounds R] [--broadcast-seconds B] [--grace-seconds G]
                                    [--poll-ms P] [--sweep-recordings K] [--sweep-object-bytes Z]
                                    [--fixture FILE] [--jar FILE] [--out FILE]
              N                     publishers per CPU phase, each run with recording off and on (default: 1 8 32)
              --seconds T           publish time per CPU phase (default 50)
              --warmup-seconds W    warm-up after the first playlists, before the CPU window (default 10)
              --only PART           run only one part (repeatable): cpu, completion, sweep
              --streams S --rounds R --broadcast-seconds B
                                    completion phase: R rounds of S concurrent broadcasts of B s (default 8, 2, 25)
              --grace-seconds G     reconnect grace in the completion phase (default 1)
              --poll-ms P           mean GET /api/recordings poll interval, jittered ±50 % (default 50)
              --sweep-recordings K  expired recordings to sweep (default 10000), each with an MP4 of
                                    --sweep-object-bytes Z (default 1024) and its .json fragment index
            """;

    /** Parses {@code args}; throws IllegalArgumentException with the usage on error. */
    public static RecordingBenchOptions parse(String[] args) {
        List<Integer> counts = new ArrayList<>();
        double seconds = 50;
        double warmup = 10;
        int streams = 8;
        int rounds = 2;
        double broadcast = 25;
        double grace = 1;
        long poll = 50;
        int sweep = 10_000;
        int objectBytes = 1024;
        Set<String> phases = new java.util.LinkedHashSet<>();
        Path fixture = Path.of("bench/target/fixture-720p30.flv");
        Path jar = Path.of("server/target/livepipe.jar");
        Path out = Path.of("bench/target/recording-results.md");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                case "--warmup-seconds" -> warmup = Double.parseDouble(value(args, ++i, a));
                case "--streams" -> streams = Integer.parseInt(value(args, ++i, a));
                case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                case "--broadcast-seconds" -> broadcast = Double.parseDouble(value(args, ++i, a));
                case "--grace-seconds" -> grace = Double.parseDouble(value(args, ++i, a));
                case "--poll-ms" -> poll = Long.parseLong(value(args, ++i, a));
                case "--sweep-recordings" -> sweep = Integer.parseInt(value(args, ++i, a));
                case "--sweep-object-bytes" -> objectBytes = Integer.parseInt(value(args, ++i, a));
                case "--only" -> phases.add(value(args, ++i, a));
                case "--fixture" -> fixture = Path.of(value(args, ++i, a));
                case "--jar" -> jar = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    try {
                        counts.add(Integer.parseInt(a));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unknown argument " + a + "\n" + USAGE);
                    }
                }
            }
        }
        if (counts.isEmpty()) {
            counts = List.of(1, 8, 32);
        }
        if (phases.isEmpty()) {
            phases = Set.of("cpu", "completion", "sweep");
        }
        if (!Set.of("cpu", "completion", "sweep").containsAll(phases)) {
            throw new IllegalArgumentException("--only takes cpu, completion or sweep\n" + USAGE);
        }
        if (counts.stream().anyMatch(n -> n < 1 || n > 500) || streams < 1 || rounds < 1 || sweep < 1
                || objectBytes < 0 || broadcast < 5 || grace <= 0 || poll < 1) {
            throw new IllegalArgumentException("out-of-range value\n" + USAGE);
        }
        return new RecordingBenchOptions(List.copyOf(counts), seconds, warmup, streams, rounds, broadcast, grace, poll,
                sweep, objectBytes, Set.copyOf(phases), fixture, jar, out);
    }

    /** The options the shared {@link PhaseRunner} needs for one CPU phase (Livepipe only, no profile). */
    BenchOptions phaseOptions() {
        return new BenchOptions(counts, seconds, warmupSeconds, 0, pollMillis, 5, 30, fixture, jar, List.of("livepipe"),
                false, out, "off", false); // RecordingBench sets LIVEPIPE_RECORDING per phase itself; its starts are cold
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
