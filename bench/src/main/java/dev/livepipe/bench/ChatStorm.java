// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The chat benchmark's reaction storm: every connected client reacts once a second (100 slots of
 * 10 ms), and the figures of what the clients received (bursts per second, fan-out spread, the
 * probe's latency, CPU of the server and of the clients).
 */
final class ChatStorm {

    private ChatStorm() {
    }

    /**
     * Runs the storm for {@code seconds} on {@code fleet}'s open connections and measures it;
     * anomalies go to {@code notes}, a JFR profile (if {@code profile}) to {@code logDir}.
     */
    static ChatResults.Storm run(ServerUnderTest server, ChatFleet fleet, double seconds, boolean profile, Path logDir,
                                 List<String> notes) throws Exception {
        List<ChatFleet.Conn> open = fleet.openConns();
        int n = open.size();
        System.out.printf(Locale.ROOT, "-- reaction storm: C = %,d, each reacts once a second (100 slots of 10 ms), T = %.0f s%n", n, seconds);
        QuietMachine.await(server, "the reaction storm");
        fleet.resetStats();
        fleet.beginStorm((int) (seconds * 4 * 1.5) + 40);
        Profiler profiler = profile ? Profiler.start(server.process().pid(),
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
