// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            LivepipeUnderTest server = new LivepipeUnderTest(jar, javaBin, runLogs, http, env);
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
                "./livepipe (no AOT cache) on " + Runtime.version() + ", embedded PostgreSQL + S3",
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
                QuietMachine.pin(root, 0);
            }
            QuietMachine.pin(ProcessHandle.current(), 1);
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
                ChatResults.Storm s = ChatStorm.run(server, fleet, o.reactionSeconds(), o.profile(), logDir, notes);
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

    private static List<String> tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (Exception e) {
            return List.of();
        }
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
        QuietMachine.await(server, "chat phase " + phase);
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
}
