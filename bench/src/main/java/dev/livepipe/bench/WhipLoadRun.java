// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Part 2 of the WHIP benchmark, one phase: a fresh Livepipe, N {@link WhipLoadClient}s connected
 * one after the other and replaying the fixture (starts spread over one 2 s GOP), a warm-up, then
 * the CPU window: server tree CPU and RSS from {@code /proc}, the benchmark JVM's own CPU (the
 * load clients), the rest of the machine, and segment freshness of every session.
 */
final class WhipLoadRun {

    private WhipLoadRun() {
    }

    static WhipLoadResult run(LivepipeUnderTest server, HttpClient http, RtpFixture fixture, int n,
                              int warmupSeconds, int windowSeconds) throws Exception {
        List<WhipLoadClient> clients = new ArrayList<>();
        try {
            server.start();
            Thread.sleep(5_000);
            double rssIdle = ProcSample.of(server).treeRssMiB();
            List<StreamEndpoint> streams = server.createStreams(n);
            List<String> ids = server.streamIds();
            List<Double> connectMs = new ArrayList<>();
            int connected = 0;
            for (StreamEndpoint s : streams) {
                String key = s.publishUrl().substring(s.publishUrl().lastIndexOf('/') + 1);
                WhipLoadClient c = new WhipLoadClient(http, server.baseUrl() + "/whip", key);
                clients.add(c);
                long t0 = System.nanoTime();
                try {
                    c.connect(Duration.ofSeconds(15));
                    connectMs.add((System.nanoTime() - t0) / 1e6);
                    connected++;
                } catch (Exception e) {
                    System.out.println("  session " + s.label() + " did not connect: " + e.getMessage());
                }
            }
            long start = System.nanoTime() + 300_000_000L;
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).startReplay(fixture, start + i * 2_000_000_000L / n, "whip-load-" + i);
            }
            SegmentFreshness fresh = new SegmentFreshness(server);
            long warmEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
            while (System.nanoTime() < warmEnd) {
                fresh.poll();
                Thread.sleep(1_000);
            }
            System.out.printf("  N=%d: %d connected, %d with segments after %d s warm-up%n", n, connected,
                    fresh.streamsWithSegments(ids), warmupSeconds);
            ProcSample s0 = ProcSample.of(server);
            ProcSample b0 = ProcSample.of(ProcessHandle.current());
            MachineCpu m0 = MachineCpu.now();
            long end = s0.nanos() + windowSeconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                fresh.poll();
                if (!server.process().isAlive()) {
                    throw new IllegalStateException("the server died during the window");
                }
                Thread.sleep(Math.min(1_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            ProcSample s1 = ProcSample.of(server);
            ProcSample b1 = ProcSample.of(ProcessHandle.current());
            MachineCpu m1 = MachineCpu.now();
            Thread.sleep(1_200);
            fresh.poll();
            Map<String, Double> gaps = fresh.maxGapsMs(ids, s0.nanos(), s1.nanos());
            int freshCount = (int) gaps.values().stream().filter(g -> g <= 4_000).count();
            double worst = gaps.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            for (WhipLoadClient c : clients) {
                if (c.failure() != null) {
                    System.out.println("  a load client stopped: " + c.failure());
                }
            }
            double serverCpu = s1.treeCpuSecondsSince(s0);
            // The server is a child of this JVM: this JVM's tree minus the server's tree is the load clients.
            double clientCpu = b1.treeCpuSecondsSince(b0) - serverCpu;
            double window = s1.secondsSince(s0);
            double other = (m1.secondsSince(m0) - serverCpu - clientCpu) / window;
            return new WhipLoadResult(n, connected, window, serverCpu, s1.treeSysSecondsSince(s0), clientCpu, other,
                    rssIdle, s1.treeRssMiB(), freshCount, worst, fresh.segmentsIn(ids, s0.nanos(), s1.nanos()),
                    Percentiles.of(connectMs, 50), Percentiles.of(connectMs, 99));
        } finally {
            clients.forEach(WhipLoadClient::close);
            server.close();
        }
    }
}
