// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether every stream keeps producing HLS segments: {@code GET /api/system} is read every
 * second and each segment's {@code fetchableNanos} ({@code hls.streams[].segments[]}, the
 * server's {@code System.nanoTime()}, CLOCK_MONOTONIC like ours) is kept per stream. A stream is
 * fresh over a window when no gap between the window start, its segments' fetchable instants
 * and the window end exceeds the limit (2 × the 2 s target duration).
 */
final class SegmentFreshness {

    private final LivepipeUnderTest server;
    private final Map<String, Map<String, Long>> byStream = new HashMap<>();
    private String lastError;

    SegmentFreshness(LivepipeUnderTest server) {
        this.server = server;
    }

    /** One read of {@code /api/system}. */
    synchronized void poll() {
        try {
            walk(server.getJson("/api/system"), "");
        } catch (Exception e) {
            lastError = e.toString();
        }
    }

    private void walk(JsonNode n, String stream) {
        if (n.isObject()) {
            String st = n.hasNonNull("streamId") ? n.get("streamId").asText() : stream;
            if (n.has("sequence") && n.has("fetchableNanos") && !st.isEmpty()) {
                String key = n.path("broadcastId").asText("") + "/" + n.get("sequence").asText();
                byStream.computeIfAbsent(st, k -> new HashMap<>()).putIfAbsent(key, n.get("fetchableNanos").asLong());
                return;
            }
            n.fields().forEachRemaining(e -> walk(e.getValue(), st));
        } else if (n.isArray()) {
            n.forEach(c -> walk(c, stream));
        }
    }

    /** Streams (of {@code ids}) that had at least one segment, at all. */
    synchronized int streamsWithSegments(List<String> ids) {
        return (int) ids.stream().filter(id -> byStream.containsKey(id) && !byStream.get(id).isEmpty()).count();
    }

    /** Per stream id: the largest gap in ms over [from, to]. */
    synchronized Map<String, Double> maxGapsMs(List<String> ids, long fromNanos, long toNanos) {
        Map<String, Double> out = new TreeMap<>();
        for (String id : ids) {
            List<Long> times = new ArrayList<>(byStream.getOrDefault(id, Map.of()).values());
            times.removeIf(t -> t < fromNanos || t > toNanos);
            times.sort(null);
            long prev = fromNanos;
            long max = 0;
            for (long t : times) {
                max = Math.max(max, t - prev);
                prev = t;
            }
            max = Math.max(max, toNanos - prev);
            out.put(id, max / 1e6);
        }
        return out;
    }

    /** Segments listed in [from, to] across the streams. */
    synchronized int segmentsIn(List<String> ids, long fromNanos, long toNanos) {
        int n = 0;
        for (String id : ids) {
            for (long t : byStream.getOrDefault(id, Map.of()).values()) {
                if (t >= fromNanos && t <= toNanos) {
                    n++;
                }
            }
        }
        return n;
    }

    String lastError() {
        return lastError;
    }
}
