// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * The figures of one load phase (N WHIP sessions against a fresh Livepipe).
 *
 * @param sessions          N
 * @param connected         sessions whose ICE + DTLS completed
 * @param windowSeconds     length of the CPU window
 * @param serverCpuSeconds  utime + stime of the server's process tree in the window
 * @param serverSysSeconds  of which kernel
 * @param clientCpuSeconds  the benchmark JVM itself (the N load clients) in the window, server tree excluded
 * @param otherCores        busy CPU of everything else on the machine, in cores
 * @param rssIdleMiB        server tree RSS before the sessions
 * @param rssSteadyMiB      at the end of the window
 * @param fresh             sessions that had a new segment at least every 4 s through the window
 * @param worstGapMs        the largest gap between segments of any session in the window
 * @param segments          segments listed in the window across all sessions
 * @param connectP50Ms      POST → DTLS done at the client, p50
 * @param connectP99Ms      and p99
 */
public record WhipLoadResult(int sessions, int connected, double windowSeconds, double serverCpuSeconds,
                             double serverSysSeconds, double clientCpuSeconds, double otherCores,
                             double rssIdleMiB, double rssSteadyMiB, int fresh, double worstGapMs, int segments,
                             double connectP50Ms, double connectP99Ms) {

    /** CPU seconds per stream-minute. */
    public double cpuPerStreamMinute() {
        return serverCpuSeconds / (sessions * windowSeconds / 60.0);
    }

    /** RSS growth per session, MiB. */
    public double rssPerSessionMiB() {
        return (rssSteadyMiB - rssIdleMiB) / sessions;
    }

    /** Whether the node held all N sessions. */
    public boolean holds() {
        return connected == sessions && fresh == sessions;
    }
}
