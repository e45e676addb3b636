// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of a running JVM (started and stopped with {@code jcmd}, profile settings) and a
 * plain-text summary of it: the hottest methods by self samples, and the Livepipe methods under
 * which samples were taken. On JDK 25+ it also enables CPU-time sampling ({@code jdk.CPUTimeSample},
 * JEP 509), which samples threads while they burn CPU in native code too (FFmpeg, syscalls);
 * classic execution samples see Java code only.
 */
final class Profiler {

    private final long pid;
    private final Path file;

    private Profiler(long pid, Path file) {
        this.pid = pid;
        this.file = file;
    }

    static Profiler start(long pid, Path file) throws IOException, InterruptedException {
        String target = "filename=" + file.toAbsolutePath();
        try {
            // JDK 25+ (JEP 509): CPU-time sampling also catches threads running native code (FFmpeg, syscalls).
            Jcmd.run(pid, "JFR.start", "name=bench", "settings=profile", target, "jdk.CPUTimeSample#enabled=true",
                    "jdk.CPUTimeSample#throttle=2ms");
        } catch (IOException e) {
            Jcmd.run(pid, "JFR.start", "name=bench", "settings=profile", target);
        }
        return new Profiler(pid, file);
    }

    void stopAndReport(double seconds) throws IOException, InterruptedException {
        Jcmd.run(pid, "JFR.stop", "name=bench");
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> livepipe = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        Map<String, Integer> cpuSelf = new HashMap<>();
        Map<String, Integer> cpuLivepipe = new HashMap<>();
        Map<String, Integer> cpuThreads = new HashMap<>();
        int samples = 0;
        int cpuSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(name(st.getFrames().getFirst()), 1, Integer::sum);
                st.getFrames().stream().map(Profiler::name).filter(n -> n.startsWith("dev.livepipe.")).findFirst()
                        .ifPresent(n -> livepipe.merge(n, 1, Integer::sum));
            } else if (type.equals("jdk.CPUTimeSample")) {
                cpuSamples++;
                cpuSelf.merge(name(st.getFrames().getFirst()), 1, Integer::sum);
                st.getFrames().stream().map(Profiler::name).filter(n -> n.startsWith("dev.livepipe.")).findFirst()
                        .ifPresent(n -> cpuLivepipe.merge(n, 1, Integer::sum));
                if (e.hasField("eventThread") && e.getThread("eventThread") != null) {
                    String t = e.getThread("eventThread").getJavaName();
                    cpuThreads.merge(t == null ? "?" : t.replaceAll("[0-9]+", "#"), 1, Integer::sum);
                }
            } else if (type.equals("jdk.NativeMethodSample")) {
                nativeTop.merge(name(st.getFrames().getFirst()), 1, Integer::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        if (cpuSamples > 0) {
            out.append(String.format(Locale.ROOT, "JFR %s: %d CPU-time samples (Java and native) in %.0f s%n",
                    file.getFileName(), cpuSamples, seconds));
            top(out, "CPU time by top frame (a native method stands for the C code below it)", cpuSelf, cpuSamples, 20);
            top(out, "CPU time by innermost Livepipe frame", cpuLivepipe, cpuSamples, 20);
            top(out, "CPU time by Java thread", cpuThreads, cpuSamples, 8);
        }
        out.append(String.format(Locale.ROOT, "JFR %s: %d Java execution samples in %.0f s%n", file.getFileName(), samples, seconds));
        top(out, "hottest methods (self)", self, samples, 15);
        top(out, "innermost Livepipe frame of each sample", livepipe, samples, 15);
        top(out, "threads sampled in native code (top frame; includes waiting)", nativeTop,
                nativeTop.values().stream().mapToInt(Integer::intValue).sum(), 8);
        Files.writeString(file.resolveSibling(file.getFileName() + ".txt"), out);
        System.out.print(out);
    }

    private static void top(StringBuilder out, String title, Map<String, Integer> counts, int total, int limit) {
        out.append("  ").append(title).append(':').append(System.lineSeparator());
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> out.append(String.format(Locale.ROOT, "    %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getKey())));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
