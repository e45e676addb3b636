// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;
import java.util.Map;

/**
 * The figures of one phase: one server, N publishers.
 *
 * @param server               server name
 * @param streams              N
 * @param firstWindowSeconds   length of the first CPU window (0: none), right after the latency window
 * @param firstCpuSeconds      CPU of the server's process tree in the first window
 * @param firstThreadCpu       CPU seconds per thread group of the root process in the first window
 * @param windowSeconds        length of the steady-state CPU window (after the first window)
 * @param cpuSeconds           CPU of the server's process tree in the window
 * @param rootCpuSeconds       CPU of the server's root process alone (the JVM; nginx's master)
 * @param sysCpuSeconds        kernel-mode part of {@code cpuSeconds}
 * @param otherCpuSeconds      CPU of every other process on the machine in the window (not the
 *                             server tree, not the benchmark JVM)
 * @param idleRssMiB           tree RSS before publishing
 * @param steadyRssMiB         tree RSS at the end of the window
 * @param mediaOutsideMiB      HLS output kept outside the processes at the end of the window (tmpfs)
 * @param idleLiveHeapMiB      JVM live heap before publishing (NaN if not a JVM)
 * @param steadyLiveHeapMiB    JVM live heap after the window
 * @param firstPlaylistMs      per stream: publisher start to first playlist with a segment
 * @param serverLatencyP50P99  the server's own figure (NaN when not reported)
 * @param serverLatencyCount   segments behind it
 * @param serverLatencyNote    how it was obtained
 * @param processingMs         server-reported cut-to-fetchable per segment (may be empty)
 * @param outsideLatencyMs     per segment, observed from outside (includes the poll interval)
 * @param publisherCpuSeconds  CPU of the benchmark JVM (the publishers) in the window
 * @param threadCpu            CPU seconds per thread group of the root process in the window
 * @param problems             what went wrong (publisher errors, missing playlists), empty if nothing
 */
public record PhaseResult(String server, int streams, double firstWindowSeconds, double firstCpuSeconds,
                          Map<String, Double> firstThreadCpu, double windowSeconds, double cpuSeconds, double rootCpuSeconds,
                          double sysCpuSeconds, double otherCpuSeconds,
                          double idleRssMiB, double steadyRssMiB, double mediaOutsideMiB, double idleLiveHeapMiB,
                          double steadyLiveHeapMiB, List<Double> firstPlaylistMs,
                          double[] serverLatencyP50P99, int serverLatencyCount, String serverLatencyNote,
                          List<Double> processingMs, List<Double> outsideLatencyMs, double publisherCpuSeconds,
                          Map<String, Double> threadCpu, List<String> problems) {

    /** CPU seconds per stream-minute: cpu / (N × window minutes). */
    public double cpuPerStreamMinute() {
        return cpuSeconds / (streams * windowSeconds / 60.0);
    }

    /** CPU seconds per stream-minute in the first window; NaN when there was none. */
    public double firstCpuPerStreamMinute() {
        return firstWindowSeconds > 0 ? firstCpuSeconds / (streams * firstWindowSeconds / 60.0) : Double.NaN;
    }

    /** Cores busy on average in the window. */
    public double cores() {
        return cpuSeconds / windowSeconds;
    }

    /** (steady − idle) / N. */
    public double rssPerStreamMiB() {
        return (steadyRssMiB - idleRssMiB) / streams;
    }

    /** RSS per stream plus the HLS output kept on tmpfs per stream. */
    public double memoryPerStreamMiB() {
        return rssPerStreamMiB() + mediaOutsideMiB / streams;
    }

    /** (steady − idle live heap) / N, NaN when not a JVM. */
    public double liveHeapPerStreamMiB() {
        return (steadyLiveHeapMiB - idleLiveHeapMiB) / streams;
    }
}
