// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The chat fan-out benchmark (docs/benchmarks.md, "Chat fan-out"). Per server run: Livepipe from
 * a copy of its jar on loopback with a fresh data directory, one stream, C WebSocket clients
 * ({@link ChatFleet}) connected at a bounded rate; the server's live heap with 0 and with C
 * clients; then, on the same connections, one chat phase per rate R (S senders, W s warm-up, T s
 * measured, send → receive latency at every client) and optionally a reaction storm (every client
 * reacts once a second). Start it with {@code bench/run-chat.sh}.
 *
 * <p>Exit status: 0 when every run produced figures, 1 when one failed, 2 on bad arguments.
 */
public final class ChatBench {

    static final String WS_PATH = "/ws/streams/";
    static final String SUBPROTOCOL = "livepipe.chat.v1";
    static final String MAX_PER_ADDRESS_ENV = "LIVEPIPE_CHAT_MAX_CONNECTIONS_PER_ADDRESS";

    private final ChatBenchOptions o;
    private final Path logDir;
    private final List<ChatResults.Connections> connections = new ArrayList<>();
    private final List<ChatResults.ChatPhase> chats = new ArrayList<>();
    private final List<ChatResults.Storm> storms = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private int phaseIds;
    private String clientTransport = "?";

    ChatBench(ChatBenchOptions o, Path logDir) {
        this.o = o;
        this.logDir = logDir;
    }

    private record Run(int clients, boolean chat, boolean storm) {
    }

    public static void main(String[] args) throws Exception {
        ChatBenchOptions options = BenchArgs.parseOrExit(args, ChatBenchOptions::parse);
        Path repo = Path.of("").toAbsolutePath();
        MachineFacts facts = MachineFacts.announce(repo);
        Path logDir = RunLogs.create(repo, "chat-");
        if (!Files.isRegularFile(options.jar())) {
            System.err.println(options.jar() + " is missing; build it (./mvnw -DskipTests package -pl server -am)");
            System.exit(1);
            return;
        }
        Path jar = RtmpHlsBench.snapshot(repo, options.jar(), repo.resolve("bench/target/livepipe-under-test-chat"));
        List<Run> plan = new ArrayList<>();
        if (options.chat()) {
            for (int c : options.clients()) {
                plan.add(new Run(c, true, options.reactions() && c == options.reactionClients()));
            }
        }
        if (options.reactions() && plan.stream().noneMatch(Run::storm)) {
            plan.add(new Run(options.reactionClients(), false, true));
        }
        ChatBench bench = new ChatBench(options, logDir);
        boolean failed = false;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String javaBin = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map<String, String> env = new TreeMap<>();
        // No WHIP here: keep off the shared WebRTC ports another server on this machine may hold.
        env.put("LIVEPIPE_WEBRTC_INTERFACES", "loopback");
        env.put("LIVEPIPE_WEBRTC_UDP_PORT", "0");
        env.put("LIVEPIPE_WEBRTC_TCP_PORT", "0");
        if (options.perAddress() == 0) {
            env.put(MAX_PER_ADDRESS_ENV, "100000");
        }
        env.putAll(options.serverEnv());
        for (Run run : plan) {
            Path runLogs = Files.createDirectories(logDir.resolve("c" + run.clients()));
            LivepipeUnderTest server = new LivepipeUnderTest(jar, javaBin, List.of(), runLogs, http, env);
            try {
                bench.run(server, run, runLogs);
            } catch (Exception e) {
                failed = true;
                String msg = "C=" + run.clients() + " failed: " + e + " (logs in " + runLogs + ")";
                bench.notes.add(msg);
                System.err.println(msg);
                e.printStackTrace();
            } finally {
                server.close();
            }
        }
        String setup = String.format(Locale.ROOT,
                "Setup: %s%s; server env %s. Clients: Vert.x WebSocket clients (subprotocol %s, guests%s) in the benchmark JVM on %d event loops (%s), "
                        + "%s, connected at ≤ %.0f/s; chat: W = %.0f s warm-up then T = %.0f s measured per rate, senders %s; "
                        + "reaction storm T = %.0f s.",
                "java -jar livepipe.jar on " + Runtime.version() + ", embedded PostgreSQL + S3",
                options.pin() ? " (pinned: server and PostgreSQL on CPU 0, benchmark JVM on CPU 1)" : "", env, SUBPROTOCOL,
                options.deflate() ? ", offering permessage-deflate" : "",
                options.clientThreads(), bench.clientTransport, options.perAddress() == 0 ? "all from 127.0.0.1"
                        : options.perAddress() + " per local address 127.1.x.y", options.connectRate(),
                options.warmupSeconds(), options.seconds(),
                options.senders() > 0 ? "S = " + options.senders() : "S = 2 × the minimum the rate limit allows",
                options.reactionSeconds());
        String report = ChatResults.markdown(facts, options, setup, bench.connections, bench.chats, bench.storms, bench.notes);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + options.out() + ")");
        System.exit(failed ? 1 : 0);
    }

    private void run(LivepipeUnderTest server, Run run, Path runLogs) throws Exception {
        System.out.printf(Locale.ROOT, "== C = %,d: starting Livepipe%n", run.clients());
        server.start();
        if (o.pin()) {
            for (ProcessHandle root : server.processes()) {
                pin(root, 0);
            }
            pin(ProcessHandle.current(), 1);
        }
        server.createStreams(1);
        String streamId = server.streamIds().getFirst();
        int port = URI.create(server.baseUrl()).getPort();
        Thread.sleep(5_000);
        double idleHeap = server.liveHeapMiB();
        double idleRss = ProcSample.of(server).treeRssMiB();
        try (ChatFleet fleet = new ChatFleet(o.clientThreads(), port, streamId, null, o.perAddress(), o.deflate())) {
            long deadline = System.nanoTime() + (long) ((run.clients() / o.connectRate() + 120) * 1e9);
            clientTransport = fleet.transport();
            double connectSeconds = fleet.connect(run.clients(), o.connectRate(), 256, deadline);
            int connected = fleet.openConns().size() + fleet.closedCount();
            Thread.sleep(3_000);
            double heap = server.liveHeapMiB();
            double rss = ProcSample.of(server).treeRssMiB();
            ChatResults.Connections c = new ChatResults.Connections(run.clients(), connected, fleet.welcomedCount(),
                    connectSeconds, idleHeap, heap, idleRss, rss, fleet.failures());
            connections.add(c);
            System.out.println(ChatResults.connectionsLine(c));
            if (o.deflate()) {
                String line = String.format(Locale.ROOT, "C=%d: clients offered permessage-deflate; the server accepted it on %d of %d connections",
                        run.clients(), fleet.compressedCount(), connected);
                System.out.println(line);
                notes.add(line);
            }
            if (fleet.welcomedCount() == 0) {
                throw new IllegalStateException("no client got welcome; failures " + fleet.failures() + "; server log:\n"
                        + String.join("\n", tail(runLogs.resolve("livepipe.log"), 20)));
            }
            if (fleet.welcomedCount() < run.clients()) {
                notes.add(String.format(Locale.ROOT, "C=%d: only %d clients welcomed; failures %s", run.clients(),
                        fleet.welcomedCount(), fleet.failures()));
            }
            String welcome = fleet.firstWelcome();
            System.out.println("first welcome: " + welcome);
            JsonObject limits = welcome == null ? new JsonObject() : new JsonObject(welcome).getJsonObject("limits", new JsonObject());
            if (run.chat()) {
                boolean first = true;
                for (double rate : o.rates()) {
                    if (!first) {
                        Thread.sleep(11_000); // every sender's rate-limit interval starts afresh
                    }
                    first = false;
                    ChatResults.ChatPhase p = chat(server, fleet, rate, limits);
                    chats.add(p);
                    System.out.println(ChatResults.chatLine(p));
                }
            }
            if (run.storm()) {
                if (run.chat()) {
                    Thread.sleep(5_000);
                }
                ChatResults.Storm s = storm(server, fleet);
                storms.add(s);
                System.out.println(ChatResults.stormLine(s));
            }
            if (!fleet.closeReasons().isEmpty()) {
                notes.add("C=" + run.clients() + ": connections closed by code: " + fleet.closeReasons());
            }
            if (!fleet.errorSamples().isEmpty()) {
                notes.add("C=" + run.clients() + ": first error frames: " + fleet.errorSamples().subList(0, Math.min(3, fleet.errorSamples().size())));
            }
            if (fleet.sendFailures() > 0) {
                notes.add("C=" + run.clients() + ": " + fleet.sendFailures() + " sends failed (connection closed)");
            }
        }
    }

    /** {@code taskset -a -p -c cpu} for {@code root} and its descendants (every thread; new threads inherit it). */
    private static void pin(ProcessHandle root, int cpu) throws Exception {
        for (ProcessHandle p : java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()).toList()) {
            Process t = new ProcessBuilder("taskset", "-a", "-p", "-c", Integer.toString(cpu), Long.toString(p.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!t.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) || t.exitValue() != 0) {
                throw new IllegalStateException("taskset failed for pid " + p.pid());
            }
        }
    }

    private static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (Exception e) {
            return List.of();
        }
    }

    /**
     * Waits (at most 60 s) until processes other than the server and this JVM use less than a
     * quarter of a core over 2 s: builds and test suites of other engineers share this machine.
     */
    private void waitForQuiet(ServerUnderTest server, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        double other = Double.NaN;
        while (System.nanoTime() < deadline) {
            ProcSample s0 = ProcSample.of(server);
            ProcSample c0 = ProcSample.of(ProcessHandle.current());
            MachineCpu m0 = MachineCpu.now();
            Thread.sleep(2_000);
            ProcSample s1 = ProcSample.of(server);
            ProcSample c1 = ProcSample.of(ProcessHandle.current());
            other = (MachineCpu.now().secondsSince(m0) - s1.treeCpuSecondsSince(s0) - c1.rootCpuSecondsSince(c0)) / s1.secondsSince(s0);
            if (other < 0.25) {
                return;
            }
        }
        System.out.printf(Locale.ROOT, "   (other processes still use %.2f cores before %s; measuring anyway)%n", other, what);
    }

    /** Senders S for rate R: twice the minimum the rate limit allows (or --senders). */
    private int senders(double rate, JsonObject limits, int open) {
        if (o.senders() > 0) {
            return Math.min(o.senders(), open);
        }
        double perInterval = limits.getNumber("messagesPerInterval", 5).doubleValue();
        double interval = limits.getNumber("intervalSeconds", 10).doubleValue();
        int s = (int) Math.ceil(2 * rate * interval / Math.max(1, perInterval));
        return Math.max(1, Math.min(s, open));
    }

    ChatResults.ChatPhase chat(ServerUnderTest server, ChatFleet fleet, double rate, JsonObject limits)
            throws Exception {
        int phase = ++phaseIds;
        List<ChatFleet.Conn> open = fleet.openConns();
        int s = senders(rate, limits, open.size());
        double perSender = rate / s;
        double allowed = limits.getNumber("messagesPerInterval", 5).doubleValue()
                / limits.getNumber("intervalSeconds", 10).doubleValue();
        if (perSender > allowed) {
            notes.add(String.format(Locale.ROOT, "C=%d R=%.0f: %.2f msg/s per sender exceeds the server's limit of %.2f; expect rate_limited errors",
                    open.size(), rate, perSender, allowed));
        }
        // Senders spread over the connections (and so over both sides' event loops), a different set per phase.
        ChatFleet.Conn[] senders = new ChatFleet.Conn[s];
        int step = Math.max(1, open.size() / s);
        for (int k = 0; k < s; k++) {
            senders[k] = open.get((phase + k * step) % open.size());
        }
        System.out.printf(Locale.ROOT, "-- chat phase %d: C = %,d, R = %.0f msg/s, S = %d (%.3f msg/s each), W = %.0f s, T = %.0f s%n",
                phase, open.size(), rate, s, perSender, o.warmupSeconds(), o.seconds());
        waitForQuiet(server, "chat phase " + phase);
        fleet.resetStats();
        fleet.beginChat(phase);
        int closedBefore = fleet.closedCount();
        Profiler profiler = o.profile() ? Profiler.start(server.process().pid(),
                logDir.resolve(String.format(Locale.ROOT, "chat-c%d-r%.0f.jfr", open.size(), rate))) : null;
        Profiler clientProfiler = o.profile() ? Profiler.start(ProcessHandle.current().pid(),
                logDir.resolve(String.format(Locale.ROOT, "client-chat-c%d-r%.0f.jfr", open.size(), rate))) : null;
        long sent = 0;
        long measured = 0;
        ProcSample sv0 = null;
        ProcSample cl0 = null;
        MachineCpu m0 = null;
        long start = System.nanoTime();
        long warmEnd = start + (long) (o.warmupSeconds() * 1e9);
        long end = warmEnd + (long) (o.seconds() * 1e9);
        fleet.window(warmEnd, end);
        while (true) {
            long now = System.nanoTime();
            if (sv0 == null && now >= warmEnd) {
                sv0 = ProcSample.of(server);
                cl0 = ProcSample.of(ProcessHandle.current());
                m0 = MachineCpu.now();
            }
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            boolean inWindow = now >= warmEnd;
            while (sent < due) {
                fleet.sendChat(senders[(int) (sent % s)], phase, inWindow);
                sent++;
                if (inWindow) {
                    measured++;
                }
            }
            LockSupport.parkNanos(1_000_000);
        }
        ProcSample sv1 = ProcSample.of(server);
        ProcSample cl1 = ProcSample.of(ProcessHandle.current());
        MachineCpu m1 = MachineCpu.now();
        double window = (end - warmEnd) / 1e9;
        // Drain: wait for the measured messages still in flight (bounded; no progress for 3 s ends it).
        int receivers = fleet.openConns().size();
        long expected = measured * receivers;
        long drainStart = System.nanoTime();
        long drainDeadline = drainStart + (long) (o.drainSeconds() * 1e9);
        long last = -1;
        long lastProgress = drainStart;
        while (System.nanoTime() < drainDeadline) {
            long d = fleet.measuredDeliveredCount();
            if (d >= expected) {
                break;
            }
            if (d != last) {
                last = d;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 3_000_000_000L) {
                break;
            }
            Thread.sleep(50);
        }
        double drained = (System.nanoTime() - drainStart) / 1e9;
        if (profiler != null) {
            System.out.println("Server profile:");
            profiler.stopAndReport(o.warmupSeconds() + o.seconds() + drained);
            System.out.println("Client (benchmark JVM) profile:");
            clientProfiler.stopAndReport(o.warmupSeconds() + o.seconds() + drained);
        }
        fleet.quiesce();
        LatencyHistogram h = fleet.chatLatency();
        long delivered = fleet.sum(x -> x.chatMeasured);
        double cpu = sv1.treeCpuSecondsSince(sv0);
        double client = cl1.rootCpuSecondsSince(cl0);
        long stale = fleet.sum(x -> x.chatStale);
        if (stale > 0) {
            notes.add(String.format(Locale.ROOT, "C=%d R=%.0f: %d chat frames of an earlier phase arrived during this one", open.size(), rate, stale));
        }
        return new ChatResults.ChatPhase(receivers, s, rate, window, measured, fleet.inWindowCount(), delivered, expected,
                h.percentile(50) / 1000, h.percentile(99) / 1000, h.max() / 1000.0, cpu, sv1.treeSysSecondsSince(sv0),
                client, Math.max(0, m1.secondsSince(m0) - cpu - client), fleet.sum(x -> x.rateLimited),
                fleet.sum(x -> x.errors - x.rateLimited), fleet.closedCount() - closedBefore, drained,
                fleet.sum(x -> x.chatFrames), fleet.sum(x -> x.chatMeasured + x.chatWarmup + x.chatStale));
    }

    ChatResults.Storm storm(ServerUnderTest server, ChatFleet fleet) throws Exception {
        List<ChatFleet.Conn> open = fleet.openConns();
        int n = open.size();
        double seconds = o.reactionSeconds();
        System.out.printf(Locale.ROOT, "-- reaction storm: C = %,d, each reacts once a second (100 slots of 10 ms), T = %.0f s%n", n, seconds);
        waitForQuiet(server, "the reaction storm");
        fleet.resetStats();
        fleet.beginStorm((int) (seconds * 4 * 1.5) + 40);
        Profiler profiler = o.profile() ? Profiler.start(server.process().pid(),
                logDir.resolve(String.format(Locale.ROOT, "storm-c%d.jfr", n))) : null;
        ProcSample sv0 = ProcSample.of(server);
        ProcSample cl0 = ProcSample.of(ProcessHandle.current());
        MachineCpu m0 = MachineCpu.now();
        long t0 = System.nanoTime();
        long ticks = Math.round(seconds * 100);
        for (long k = 0; k < ticks; k++) {
            long due = t0 + k * 10_000_000L;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(Math.max(1, Math.min(1_000_000, due - System.nanoTime())));
            }
            int slot = (int) (k % 100);
            for (int i = slot; i < n; i += 100) {
                boolean probe = i == 0;
                fleet.sendReaction(open.get(i), probe ? ChatFleet.PROBE_REACTION
                        : ChatFleet.STORM_REACTIONS[i % ChatFleet.STORM_REACTIONS.length], probe);
            }
        }
        long t1 = t0 + ticks * 10_000_000L;
        while (System.nanoTime() < t1) {
            Thread.sleep(1);
        }
        ProcSample sv1 = ProcSample.of(server);
        ProcSample cl1 = ProcSample.of(ProcessHandle.current());
        MachineCpu m1 = MachineCpu.now();
        Thread.sleep(2_000); // the last windows' bursts
        fleet.endStorm();
        if (profiler != null) {
            profiler.stopAndReport(seconds + 2);
        }
        fleet.quiesce();
        long sent = open.stream().mapToLong(c -> c.reactionsSent).sum();
        double storm = (t1 - t0) / 1e9;
        int buckets = (int) Math.ceil(storm) + 3;
        double[] perSecond = new double[n];
        double[] ratios = new double[n];
        int maxInSecond = 0;
        int over4 = 0;
        Map<Integer, Integer> countsOfBursts = new HashMap<>();
        LatencyHistogram inter = new LatencyHistogram();
        long steadyFrom = t0 + 1_000_000_000L;
        for (int i = 0; i < n; i++) {
            ChatFleet.Conn c = open.get(i);
            int nb = Math.min(c.bursts, c.arrivals.length);
            int[] inBucket = new int[buckets];
            int steady = 0;
            for (int j = 0; j < nb; j++) {
                long a = c.arrivals[j];
                int bucket = (int) Math.max(0, Math.min(buckets - 1, (a - t0) / 1_000_000_000L));
                inBucket[bucket]++;
                if (a >= steadyFrom && a < t1) {
                    steady++;
                }
                if (j > 0) {
                    inter.record((a - c.arrivals[j - 1]) / 1000);
                }
            }
            int mx = Arrays.stream(inBucket).max().orElse(0);
            maxInSecond = Math.max(maxInSecond, mx);
            if (mx > 4) {
                over4++;
            }
            perSecond[i] = steady / ((t1 - steadyFrom) / 1e9);
            ratios[i] = sent == 0 ? Double.NaN : (double) c.countSum / sent;
            countsOfBursts.merge(c.bursts, 1, Integer::sum);
        }
        // Fan-out spread: the k-th burst is the same server burst at every client that got the most
        // common number of bursts (none missed); compare each arrival with the earliest one.
        int mode = countsOfBursts.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        List<ChatFleet.Conn> aligned = open.stream().filter(c -> c.bursts == mode && mode <= c.arrivals.length).toList();
        LatencyHistogram spread = new LatencyHistogram();
        int emittedMax = 0;
        if (!aligned.isEmpty()) {
            long[] earliest = new long[mode];
            Arrays.fill(earliest, Long.MAX_VALUE);
            for (ChatFleet.Conn c : aligned) {
                for (int k = 0; k < mode; k++) {
                    earliest[k] = Math.min(earliest[k], c.arrivals[k]);
                }
            }
            for (ChatFleet.Conn c : aligned) {
                for (int k = 0; k < mode; k++) {
                    spread.record((c.arrivals[k] - earliest[k]) / 1000);
                }
            }
            // The earliest arrival of each burst stands for the moment the server sent it: the most
            // bursts the server sent within any 1 s (half-open) window.
            for (int k = 0; k < mode; k++) {
                int j = k;
                while (j < mode && earliest[j] < earliest[k] + 1_000_000_000L) {
                    j++;
                }
                emittedMax = Math.max(emittedMax, j - k);
            }
        }
        if (countsOfBursts.size() > 1) {
            notes.add("storm C=" + n + ": bursts per client (count → clients): " + new TreeMap<>(countsOfBursts));
        }
        LatencyHistogram probe = fleet.probeLatency();
        Arrays.sort(ratios);
        double cpu = sv1.treeCpuSecondsSince(sv0);
        double client = cl1.rootCpuSecondsSince(cl0);
        return new ChatResults.Storm(n, storm, sent, Arrays.stream(perSecond).average().orElse(Double.NaN), maxInSecond,
                over4, emittedMax, ratios[0], ratios[n / 2], ratios[n - 1], spread.percentile(50) / 1000, spread.percentile(99) / 1000,
                probe.percentile(50) / 1000, probe.percentile(99) / 1000, inter.percentile(50) / 1000,
                inter.percentile(99) / 1000, cpu, client, Math.max(0, m1.secondsSince(m0) - cpu - client), aligned.size(),
                fleet.firstBurst());
    }
}
