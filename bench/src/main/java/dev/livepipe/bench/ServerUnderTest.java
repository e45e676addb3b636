// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;

/**
 * A server the benchmark publishes to: started fresh for one phase on loopback ports, measured
 * through its process tree, closed (and killed if needed) at the end of the phase.
 */
public interface ServerUnderTest extends AutoCloseable {

    /** Short name for the table ("Livepipe", "nginx-rtmp"). */
    String name();

    /** Starts the server; returns when it accepts publishers, throws after a bounded wait. */
    void start() throws Exception;

    /** The root of the server's process tree (CPU and memory are summed over the tree). */
    ProcessHandle process();

    /**
     * Every process tree the server runs in: {@link #process()} plus any process it started that
     * left that tree (embedded PostgreSQL's {@code pg_ctl} daemonizes the postmaster, whose parent
     * becomes init). CPU and memory are summed over all of them and their descendants.
     */
    default List<ProcessHandle> processes() {
        return List.of(process());
    }

    /** Prepares {@code count} streams (keys, playlists) to publish to. */
    List<StreamEndpoint> createStreams(int count) throws Exception;

    /** The server's own per-segment latency, or {@link ServerLatencyProbe#NONE}. */
    ServerLatencyProbe latencyProbe();

    /**
     * MiB of HLS output the server keeps outside its processes (files on tmpfs count as memory but
     * not as RSS); 0 for a server that keeps segments in its heap.
     */
    default double mediaOutsideProcessMiB() {
        return 0;
    }

    /** The live heap of a JVM server in MiB (forces a full GC), NaN for others. */
    default double liveHeapMiB() {
        return Double.NaN;
    }

    /** One line on how the server was configured, for the report. */
    String configuration();

    /** Stops the server and everything it started; never throws. */
    @Override
    void close();
}
