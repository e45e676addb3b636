// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one phase: a fresh server, N publishers, and the measurements, in this order:
 * <ol>
 *   <li>start the server, let it settle, sample its idle memory;</li>
 *   <li>start N publishers, staggered evenly over one GOP (2 s) so their segment cuts do not all
 *       coincide, with a playlist watcher per stream polling every {@code pollMillis};</li>
 *   <li>once every stream has its first playlist: the latency window (playlists still polled,
 *       segment latency observed from outside);</li>
 *   <li>the first CPU window ({@code firstSeconds}, skipped when 0): playlist polling stops (nginx
 *       serves no HTTP here, so neither side pays for viewers) and server tree CPU is sampled at
 *       both ends. A fresh JVM compiles the per-packet code with C2 about 20–30 s after the first
 *       publish, so this window holds that one-off cost; runs A–E measured only this window;</li>
 *   <li>the steady CPU window, straight after it, still with nothing asked: server tree CPU and
 *       memory are sampled at both ends; it ends 1.5 s before the first publisher's T seconds are
 *       up;</li>
 *   <li>publishers stop, the server is closed.</li>
 * </ol>
 * Every wait is bounded; the server is closed (killed if needed) whatever happens.
 */
public final class PhaseRunner {

    private static final long GOP_MILLIS = 2000;

    private final BenchOptions options;
    private final Fixture fixture;
    private final Path logDir;

    public PhaseRunner(BenchOptions options, Fixture fixture, Path logDir) {
        this.options = options;
        this.fixture = fixture;
        this.logDir = logDir;
    }

    /** Runs the phase and closes {@code server}. */
    public PhaseResult run(ServerUnderTest server, int n) throws Exception {
        List<String> problems = new ArrayList<>();
        List<LoopingPublisher> publishers = new ArrayList<>();
        List<Thread> publisherThreads = new ArrayList<>();
        List<PlaylistWatcher> watchers = new ArrayList<>();
        List<Thread> watcherThreads = new ArrayList<>();
        ScheduledExecutorService probeTimer = Executors.newSingleThreadScheduledExecutor();
        try {
            log("%s, N=%d: starting (%s)", server.name(), n, server.configuration());
            server.start();
            Thread.sleep((long) (options.settleSeconds() * 1000));
            ProcSample idle = ProcSample.of(server);
            double idleHeap = server.liveHeapMiB();
            List<StreamEndpoint> endpoints = server.createStreams(n);
            ServerLatencyProbe probe = server.latencyProbe();
            probeTimer.scheduleWithFixedDelay(probe::poll, 1, 4, TimeUnit.SECONDS);

            for (StreamEndpoint e : endpoints) {
                LoopingPublisher p = new LoopingPublisher(e.publishUrl(), fixture, options.seconds());
                PlaylistWatcher w = new PlaylistWatcher(e.playlist(), p.log(), options.pollMillis());
                publishers.add(p);
                watchers.add(w);
                watcherThreads.add(Thread.ofVirtual().name("watch-" + e.label()).start(w));
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = t0 + i * GOP_MILLIS * 1_000_000L / n;
                sleepUntil(due);
                publisherThreads.add(Thread.ofPlatform().daemon().name("publish-" + i).start(publishers.get(i)));
            }
            long firstDeadline = System.nanoTime() + 45_000_000_000L;
            while (watchers.stream().anyMatch(w -> w.firstPlaylistNanos() == 0) && System.nanoTime() < firstDeadline) {
                if (publishers.stream().allMatch(p -> p.error() != null)) {
                    throw new IllegalStateException("every publisher failed, e.g.: " + publishers.getFirst().error());
                }
                Thread.sleep(20);
            }
            long missing = watchers.stream().filter(w -> w.firstPlaylistNanos() == 0).count();
            if (missing > 0) {
                problems.add(missing + " of " + n + " streams had no playlist within 45 s");
            }
            long allFirst = System.nanoTime();
            watchers.forEach(w -> w.measureFrom(allFirst));
            probe.armFrom(allFirst);
            log("  first playlists after %.1f s; latency window %.0f s", (allFirst - t0) / 1e9, options.latencySeconds());

            sleepUntil(allFirst + (long) (options.latencySeconds() * 1e9));
            watchers.forEach(PlaylistWatcher::stop);
            for (Thread t : watcherThreads) {
                t.join(10_000);
            }
            // Nothing is asked of the server during the CPU window (nginx gets no requests either):
            // polling /api/system every 4 s kept Livepipe's JIT compiling the admin JSON path.
            probeTimer.shutdown();
            if (!probeTimer.awaitTermination(10, TimeUnit.SECONDS)) {
                problems.add("the latency probe did not stop before the CPU window");
            }

            long selfPid = ProcessHandle.current().pid();
            double firstSeconds = 0;
            double firstCpu = 0;
            Map<String, Double> firstThreads = Map.of();
            if (options.firstSeconds() > 0) {
                ProcSample f0 = ProcSample.of(server);
                ThreadCpu fth0 = ThreadCpu.of(server.process().pid());
                sleepUntil(System.nanoTime() + (long) (options.firstSeconds() * 1e9));
                ProcSample f1 = ProcSample.of(server);
                firstThreads = ThreadCpu.of(server.process().pid()).secondsByGroupSince(fth0);
                firstSeconds = f1.secondsSince(f0);
                firstCpu = f1.treeCpuSecondsSince(f0);
                log("  first window: %.1f s, %.3f CPU s/stream-min", firstSeconds, firstCpu / (n * firstSeconds / 60));
            }

            long windowEnd = publishers.stream().mapToLong(p -> p.log().startNanos()).min().orElseThrow()
                    + (long) (options.seconds() * 1e9) - 1_500_000_000L;
            double windowSeconds = (windowEnd - System.nanoTime()) / 1e9;
            if (windowSeconds < 5) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "no room for a CPU window (%.1f s): raise --seconds or lower --latency-seconds or --first-seconds",
                        windowSeconds));
            }
            if (windowSeconds < 30) {
                problems.add(String.format(Locale.ROOT, "CPU window only %.0f s (< 30 s)", windowSeconds));
            }
            Profiler profiler = options.profile() && server instanceof LivepipeUnderTest
                    ? Profiler.start(server.process().pid(), logDir.resolve("livepipe-n" + n + ".jfr")) : null;
            ProcSample s0 = ProcSample.of(server);
            ThreadCpu th0 = ThreadCpu.of(server.process().pid());
            long bench0 = ProcSample.cpuTicks(selfPid);
            MachineCpu m0 = MachineCpu.now();
            sleepUntil(windowEnd);
            ProcSample s1 = ProcSample.of(server);
            if (!server.process().isAlive() || !s1.cpuTicks().containsKey(s1.rootPid())) {
                throw new IllegalStateException(server.name() + " exited during the CPU window (see its log); no figures");
            }
            ThreadCpu th1 = ThreadCpu.of(server.process().pid());
            long bench1 = ProcSample.cpuTicks(selfPid);
            MachineCpu m1 = MachineCpu.now();
            if (profiler != null) {
                profiler.stopAndReport(s1.secondsSince(s0));
            }
            double mediaOutside = server.mediaOutsideProcessMiB();
            probe.poll();
            double steadyHeap = server.liveHeapMiB();

            for (LoopingPublisher p : publishers) {
                if (p.error() != null) {
                    problems.add("publisher ended early: " + p.error());
                }
            }
            List<Double> first = watchers.stream().map(PlaylistWatcher::firstPlaylistMillis).filter(v -> v >= 0).toList();
            List<Double> outside = new ArrayList<>();
            watchers.forEach(w -> outside.addAll(w.latenciesMs()));
            long lost = watchers.stream().filter(PlaylistWatcher::timelineLost).count();
            if (lost > 0) {
                problems.add(lost + " streams skipped a media sequence number while polled (outside latency cut short)");
            }
            int unmatched = watchers.stream().mapToInt(PlaylistWatcher::unmatched).sum();
            if (unmatched > 0) {
                problems.add(unmatched + " segments did not end on a keyframe the publisher sent");
            }
            Map<String, Double> threads = th1.secondsByGroupSince(th0);
            double benchCpu = (bench1 - bench0) / ProcSample.TICKS_PER_SECOND;
            double others = Math.max(0, m1.secondsSince(m0) - s1.treeCpuSecondsSince(s0) - benchCpu);
            if (others / s1.secondsSince(s0) > 0.25) {
                problems.add(String.format(Locale.ROOT,
                        "other processes used %.2f cores during the window (shared machine; latency tails may suffer)",
                        others / s1.secondsSince(s0)));
            }
            PhaseResult r = new PhaseResult(server.name(), n, firstSeconds, firstCpu, firstThreads, s1.secondsSince(s0), s1.treeCpuSecondsSince(s0),
                    s1.rootCpuSecondsSince(s0), s1.treeSysSecondsSince(s0), others, idle.treeRssMiB(), s1.treeRssMiB(), mediaOutside, idleHeap, steadyHeap, first, probe.p50p99(),
                    probe.latenciesMs().size(), probe.note(), probe.processingMs(), outside,
                    benchCpu, threads, problems);
            log("  %s", ResultTable.phaseLine(r));
            return r;
        } finally {
            probeTimer.shutdownNow();
            publishers.forEach(LoopingPublisher::stop);
            watchers.forEach(PlaylistWatcher::stop);
            for (Thread t : publisherThreads) {
                t.join(15_000);
            }
            server.close();
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, format + "%n", args);
        System.out.flush();
    }
}
