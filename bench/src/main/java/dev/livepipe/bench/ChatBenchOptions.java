// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of {@link ChatBench}.
 *
 * @param clients          connected clients C per server run (default 1000, 10000)
 * @param rates            chat messages per second R, each a phase on the same connections (default 100, 10)
 * @param senders          senders S per phase; 0 = enough to stay under the server's rate limit
 *                         twice over (S = 2 × R × interval / messagesPerInterval, from {@code welcome})
 * @param seconds          measured window T per phase (default 30)
 * @param warmupSeconds    sending before the measured window W (default 5)
 * @param drainSeconds     longest wait after the window for messages still in flight (default 10)
 * @param chat             run the chat fan-out phases
 * @param reactions        run the reaction storm
 * @param reactionClients  clients in the reaction storm (default 10000)
 * @param reactionSeconds  reaction storm length (default T)
 * @param connectRate      new connections per second (default 500)
 * @param clientThreads    event loops of the client JVM (default: available processors)
 * @param perAddress       0: all clients from 127.0.0.1 and the server's per-address limit raised by
 *                         env; n: n clients per local address 127.1.x.y and the limit left alone
 * @param serverEnv        extra environment for the server ({@code --server-env K=V})
 * @param profile          JFR-profile the server and the client JVM in every phase
 * @param pin              pin the server's processes to CPU 0 and the benchmark JVM to CPU 1 ({@code taskset})
 * @param deflate          clients offer permessage-deflate in their handshake, as browsers do
 * @param jar              Livepipe's jar
 * @param out              where the Markdown results go
 */
public record ChatBenchOptions(List<Integer> clients, List<Double> rates, int senders, double seconds,
                               double warmupSeconds, double drainSeconds, boolean chat, boolean reactions,
                               int reactionClients, double reactionSeconds, double connectRate, int clientThreads,
                               int perAddress, Map<String, String> serverEnv, boolean profile, boolean pin, boolean deflate, Path jar, Path out) {

    static final String USAGE = """
            usage: run-chat.sh [C ...] [--clients C,C] [--rates R,R] [--senders S] [--seconds T] [--warmup W]
                               [--reactions] [--only chat|reactions] [--reaction-clients N] [--reaction-seconds T]
                               [--connect-rate N] [--client-threads N] [--per-address N]
                               [--server-env K=V]... [--profile] [--pin] [--deflate] [--jar FILE] [--out FILE]
              C                  connected clients per server run (default 1000,10000)
              --rates R,R        chat messages/s in total, one phase each on the same connections (default 100,10)
              --senders S        senders per phase (default: twice what the server's rate limit needs)
              --seconds T        measured window per phase (default 30), after a W s warm-up (default 5)
              --reactions        also run the reaction storm (every client reacts once a second)
              --only X           chat: no storm; reactions: only the storm
              --reaction-clients clients in the storm (default 10000)
              --connect-rate N   new connections per second (default 500)
              --per-address N    N clients per local address 127.1.x.y instead of raising the server's
                                 per-address limit (LIVEPIPE_CHAT_MAX_CONNECTIONS_PER_ADDRESS) by env
              --server-env K=V   extra environment for Livepipe (repeatable)
              --profile          JFR CPU profiles of Livepipe and of the client JVM in every phase
              --pin              server on CPU 0, clients on CPU 1 (taskset), instead of sharing all CPUs
              --deflate          clients offer permessage-deflate, as browsers do (the results say whether
                                 the server accepted it)
            """;

    /** Parses {@code args}; throws IllegalArgumentException with the usage on error. */
    public static ChatBenchOptions parse(String[] args) {
        List<Integer> clients = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        int senders = 0;
        double seconds = 30;
        double warmup = 5;
        double drain = 10;
        boolean chat = true;
        boolean reactions = false;
        int reactionClients = 10_000;
        double reactionSeconds = -1;
        double connectRate = 500;
        int threads = Runtime.getRuntime().availableProcessors();
        int perAddress = 0;
        Map<String, String> env = new LinkedHashMap<>();
        boolean profile = false;
        boolean pin = false;
        boolean deflate = false;
        Path jar = Path.of("server/target/livepipe.jar");
        Path out = Path.of("bench/target/chat-results.md");
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--clients" -> clients.addAll(ints(value(args, ++i, a)));
                    case "--rates", "--rate" -> {
                        for (String s : value(args, ++i, a).split(",")) {
                            rates.add(Double.parseDouble(s.trim()));
                        }
                    }
                    case "--senders" -> senders = Integer.parseInt(value(args, ++i, a));
                    case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
                    case "--drain" -> drain = Double.parseDouble(value(args, ++i, a));
                    case "--reactions" -> reactions = true;
                    case "--only" -> {
                        String v = value(args, ++i, a);
                        switch (v) {
                            case "chat" -> { chat = true; reactions = false; }
                            case "reactions" -> { chat = false; reactions = true; }
                            default -> throw new IllegalArgumentException("--only chat|reactions");
                        }
                    }
                    case "--reaction-clients" -> reactionClients = Integer.parseInt(value(args, ++i, a));
                    case "--reaction-seconds" -> reactionSeconds = Double.parseDouble(value(args, ++i, a));
                    case "--connect-rate" -> connectRate = Double.parseDouble(value(args, ++i, a));
                    case "--client-threads" -> threads = Integer.parseInt(value(args, ++i, a));
                    case "--per-address" -> perAddress = Integer.parseInt(value(args, ++i, a));
                    case "--server-env" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--server-env needs K=V");
                        }
                        env.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--profile" -> profile = true;
                    case "--pin" -> pin = true;
                    case "--deflate" -> deflate = true;
                    case "--jar" -> jar = Path.of(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                    default -> clients.addAll(ints(a));
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number: " + e.getMessage() + "\n" + USAGE);
        }
        if (clients.isEmpty()) {
            clients = List.of(1_000, 10_000);
        }
        if (rates.isEmpty()) {
            rates = List.of(100.0, 10.0);
        }
        if (clients.stream().anyMatch(c -> c < 1 || c > 50_000) || reactionClients < 1 || reactionClients > 50_000) {
            throw new IllegalArgumentException("clients must be between 1 and 50000\n" + USAGE);
        }
        if (rates.stream().anyMatch(r -> r <= 0 || r > 10_000) || seconds <= 0 || warmup < 0 || connectRate <= 0
                || threads < 1 || perAddress < 0 || senders < 0) {
            throw new IllegalArgumentException("out-of-range option\n" + USAGE);
        }
        return new ChatBenchOptions(List.copyOf(clients), List.copyOf(rates), senders, seconds, warmup, drain, chat,
                reactions, reactionClients, reactionSeconds > 0 ? reactionSeconds : seconds, connectRate, threads,
                perAddress, Map.copyOf(env), profile, pin, deflate, jar, out);
    }

    private static List<Integer> ints(String s) {
        List<Integer> out = new ArrayList<>();
        for (String p : s.split(",")) {
            String t = p.trim().toLowerCase(java.util.Locale.ROOT);
            if (t.isEmpty()) {
                continue;
            }
            out.add(t.endsWith("k") ? Integer.parseInt(t.substring(0, t.length() - 1)) * 1000 : Integer.parseInt(t));
        }
        return out;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
