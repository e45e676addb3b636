// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.List;

/**
 * Segment latency as the server itself reports it: for each segment, the time from the arrival of
 * its last access unit at ingest to the moment it became fetchable.
 *
 * <p>{@link #poll()} is called every few seconds from one thread; results are read after the phase.
 */
public interface ServerLatencyProbe {

    /** A probe for servers that report nothing. */
    ServerLatencyProbe NONE = new ServerLatencyProbe() {
        @Override
        public void poll() {
        }

        @Override
        public List<Double> latenciesMs() {
            return List.of();
        }

        @Override
        public String note() {
            return "not reported by this server";
        }
    };

    /** Collects what the server reports now (idempotent per segment). */
    void poll();

    /** Latencies in ms of every distinct segment collected since {@link #armFrom}. */
    List<Double> latenciesMs();

    /**
     * Processing time in ms per segment (from the arrival of the access unit that closed the
     * segment to fetchable), when the server reports it; empty otherwise.
     */
    default List<Double> processingMs() {
        return List.of();
    }

    /**
     * p50 and p99 in ms: by default computed from {@link #latenciesMs()}; a server that only
     * reports percentiles overrides this. NaN when unknown.
     */
    default double[] p50p99() {
        List<Double> l = latenciesMs();
        return new double[] {Percentiles.of(l, 50), Percentiles.of(l, 99)};
    }

    /** How the figures were obtained, or why there are none. */
    String note();

    /** Counts only segments that became fetchable at or after {@code nanos} (same-host monotonic clock). */
    default void armFrom(long nanos) {
    }
}
