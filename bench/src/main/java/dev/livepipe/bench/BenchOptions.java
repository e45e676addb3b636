// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link RtmpHlsBench}.
 *
 * @param counts          publisher counts to run, one pair of phases each (default 1 8 32)
 * @param seconds         how long every publisher publishes (T, default 150)
 * @param latencySeconds  after all first playlists: how long to poll playlists for the outside
 *                        latency (default 20)
 * @param firstSeconds    after the latency window: the first CPU window, nothing asked of the
 *                        server (what runs A–E measured; a fresh JVM's one-off JIT compilation of
 *                        the per-packet code falls into it; default 60, 0 for none). The steady CPU
 *                        window is what is left of T after it
 * @param pollMillis      mean playlist poll interval, jittered ±50 % (default 50)
 * @param settleSeconds   idle time after start-up before the idle memory sample (default 5)
 * @param fixtureSeconds  length of the generated fixture (default 30)
 * @param fixture         the fixture file (default bench/target/fixture-720p30.flv)
 * @param jar             Livepipe's jar (default server/target/livepipe.jar)
 * @param servers         which servers to run: livepipe, nginx (default both)
 * @param profile         record a JFR profile of Livepipe during its CPU window
 * @param out             where the Markdown results go (default bench/target/rtmp-hls-results.md)
 * @param recording       Livepipe's {@code LIVEPIPE_RECORDING}: off (default; nginx-rtmp runs with
 *                        {@code record off}, so this is the like-for-like comparison) or on
 * @param aot             start Livepipe with the launcher's JVM AOT cache (default true on JDK 25+):
 *                        one unmeasured training start records it first, as a first {@code ./livepipe}
 *                        start does; false measures cold starts ({@code LIVEPIPE_AOT=off})
 */
public record BenchOptions(List<Integer> counts, double seconds, double latencySeconds, double firstSeconds,
                           long pollMillis,
                           double settleSeconds, int fixtureSeconds, Path fixture, Path jar, List<String> servers,
                           boolean profile, Path out, String recording, boolean aot) {

    static final String USAGE = """
            usage: run-rtmp-hls.sh [N ...] [--seconds T] [--latency-seconds L] [--first-seconds F] [--poll-ms P]
                                   [--only livepipe|nginx] [--profile] [--fixture-seconds S]
                                   [--fixture FILE] [--jar FILE] [--out FILE] [--recording off|on]
                                   [--aot on|off]
              N                  concurrent publishers per phase (default: 1 8 32)
              --seconds T        publish time per phase (default 150); the steady CPU window is what
                                 is left after the first playlists, the latency and the first window
              --latency-seconds  playlist polling after the first playlists (default 20)
              --first-seconds    the first CPU window, after the latency window (default 60; 0: none)
              --profile          also record JFR during Livepipe's CPU window and print hot methods
              --recording        Livepipe's LIVEPIPE_RECORDING (default off, like nginx's record off)
              --aot              on (default): an unmeasured training start records the launcher's
                                 JVM AOT cache first (JDK 25+); off: every start is cold
            """;

    /** Parses {@code args}; throws IllegalArgumentException with the usage on error. */
    public static BenchOptions parse(String[] args) {
        List<Integer> counts = new ArrayList<>();
        double seconds = 150;
        double latency = 20;
        double first = 60;
        long poll = 50;
        int fixtureSeconds = 30;
        Path fixture = Path.of("bench/target/fixture-720p30.flv");
        Path jar = Path.of("server/target/livepipe.jar");
        Path out = Path.of("bench/target/rtmp-hls-results.md");
        List<String> servers = List.of("livepipe", "nginx");
        boolean profile = false;
        String recording = "off";
        String aot = "on";
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                case "--latency-seconds" -> latency = Double.parseDouble(value(args, ++i, a));
                case "--first-seconds" -> first = Double.parseDouble(value(args, ++i, a));
                case "--poll-ms" -> poll = Long.parseLong(value(args, ++i, a));
                case "--fixture-seconds" -> fixtureSeconds = Integer.parseInt(value(args, ++i, a));
                case "--fixture" -> fixture = Path.of(value(args, ++i, a));
                case "--jar" -> jar = Path.of(value(args, ++i, a));
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--only" -> servers = List.of(value(args, ++i, a));
                case "--profile" -> profile = true;
                case "--recording" -> recording = value(args, ++i, a);
                case "--aot" -> aot = value(args, ++i, a);
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
        if (counts.stream().anyMatch(n -> n < 1 || n > 500)) {
            throw new IllegalArgumentException("N must be between 1 and 500\n" + USAGE);
        }
        for (String s : servers) {
            if (!s.equals("livepipe") && !s.equals("nginx")) {
                throw new IllegalArgumentException("--only takes livepipe or nginx\n" + USAGE);
            }
        }
        if (!recording.equals("off") && !recording.equals("on")) {
            throw new IllegalArgumentException("--recording takes off or on\n" + USAGE);
        }
        if (!aot.equals("off") && !aot.equals("on")) {
            throw new IllegalArgumentException("--aot takes on or off\n" + USAGE);
        }
        if (first < 0) {
            throw new IllegalArgumentException("--first-seconds must not be negative\n" + USAGE);
        }
        return new BenchOptions(List.copyOf(counts), seconds, latency, first, poll, 5, fixtureSeconds, fixture, jar, servers,
                profile, out, recording, aot.equals("on") && Runtime.version().feature() >= 25);
    }

    /** The AOT training start: 90 s of publishing with a 20 s polling window, no first window, no profile. */
    public BenchOptions forTraining() {
        return new BenchOptions(counts, 90, 20, 0, pollMillis, settleSeconds, fixtureSeconds, fixture, jar, servers,
                false, out, recording, aot);
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
