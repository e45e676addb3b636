// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Livepipe's own segment timing, read from {@code GET /api/system} (admin), whose {@code hls} part
 * is the hls module's {@code describe()}: {@code hls.streams[]} (with {@code streamId},
 * {@code broadcastId}) each list the segments of the live window, and each segment carries
 * {@code sequence} and {@code latencyMs} — from the arrival at ingest of the segment's last access
 * unit to the moment the playlist listing it was published. Segments are collected by stream,
 * broadcast and sequence on every poll (the window holds 6 segments, the probe polls every few
 * seconds), so the percentiles cover every segment of the measured period across all streams.
 *
 * <p>Segments marked {@code tail} (closed because the publisher's session ended, not by a
 * keyframe) are left out. Also understood if present: {@code processingMs} (from the arrival of the access unit that
 * closed the segment to fetchable), or the raw {@code lastArrivalNanos}, {@code cutArrivalNanos},
 * {@code fetchableNanos} ({@code System.nanoTime()}; on Linux that is {@code CLOCK_MONOTONIC},
 * shared by all processes, so they compare with the benchmark's own clock). Only if no
 * per-segment figure exists, the rolling per-stream {@code latency: {p50Ms, p99Ms}} objects are
 * used (median of the p50s, largest p99), and the note says so.
 */
public final class LivepipeSegmentTimings implements ServerLatencyProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;
    private final String token;
    private final Map<String, double[]> segments = new LinkedHashMap<>();
    private final Set<String> beforeArming = new HashSet<>();
    private final Map<String, double[]> rollingPercentiles = new LinkedHashMap<>();
    private volatile long armedFrom = Long.MAX_VALUE;
    private String lastError;

    LivepipeSegmentTimings(HttpClient http, URI uri, String token) {
        this.http = http;
        this.uri = uri;
        this.token = token;
    }

    @Override
    public void armFrom(long nanos) {
        armedFrom = nanos;
    }

    @Override
    public synchronized void poll() {
        try {
            HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .header("Authorization", "Bearer " + token).build();
            HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (rsp.statusCode() != 200) {
                lastError = "GET /api/system -> " + rsp.statusCode();
                return;
            }
            walk(JSON.readTree(rsp.body()), "", "", "", System.nanoTime() >= armedFrom);
        } catch (IOException e) {
            lastError = "GET /api/system failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void walk(JsonNode node, String path, String stream, String broadcast, boolean armed) {
        if (node.isObject()) {
            String st = node.hasNonNull("streamId") ? node.get("streamId").asText() : stream;
            String bc = node.hasNonNull("broadcastId") ? node.get("broadcastId").asText() : broadcast;
            if (node.has("sequence") && (node.has("latencyMs") || node.has("lastArrivalNanos") && node.has("fetchableNanos"))) {
                segment(node, st + "/" + bc + "/" + node.get("sequence").asText(), armed);
                return;
            }
            if (path.toLowerCase(Locale.ROOT).endsWith("latency") && node.has("p50Ms") && node.has("p99Ms")) {
                rollingPercentiles.put(st + "/" + bc, new double[] {node.get("p50Ms").asDouble(), node.get("p99Ms").asDouble()});
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + "/" + e.getKey(), st, bc, armed);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", stream, broadcast, armed);
            }
        }
    }

    private void segment(JsonNode s, String key, boolean armed) {
        if (segments.containsKey(key) || beforeArming.contains(key) || s.path("tail").asBoolean(false)) {
            return;
        }
        long fetchable = s.path("fetchableNanos").asLong(0);
        boolean counts = fetchable != 0 ? fetchable >= armedFrom : armed;
        if (!counts) {
            beforeArming.add(key);
            return;
        }
        double latency = s.has("latencyMs") ? s.get("latencyMs").asDouble()
                : (fetchable - s.get("lastArrivalNanos").asLong()) / 1e6;
        double processing = s.has("processingMs") ? s.get("processingMs").asDouble()
                : s.has("cutArrivalNanos") && fetchable != 0 ? (fetchable - s.get("cutArrivalNanos").asLong()) / 1e6
                : Double.NaN;
        segments.put(key, new double[] {latency, processing});
    }

    @Override
    public synchronized List<Double> latenciesMs() {
        List<Double> out = new ArrayList<>();
        segments.values().forEach(v -> out.add(v[0]));
        return out;
    }

    @Override
    public synchronized List<Double> processingMs() {
        List<Double> out = new ArrayList<>();
        segments.values().stream().filter(v -> !Double.isNaN(v[1])).forEach(v -> out.add(v[1]));
        return out;
    }

    @Override
    public synchronized double[] p50p99() {
        if (!segments.isEmpty() || rollingPercentiles.isEmpty()) {
            return ServerLatencyProbe.super.p50p99();
        }
        List<Double> p50s = rollingPercentiles.values().stream().map(v -> v[0]).toList();
        double maxP99 = rollingPercentiles.values().stream().mapToDouble(v -> v[1]).max().orElse(Double.NaN);
        return new double[] {Percentiles.of(p50s, 50), maxP99};
    }

    @Override
    public synchronized String note() {
        if (!segments.isEmpty()) {
            return segments.size() + " segments from GET /api/system (hls.streams[].segments[].latencyMs)";
        }
        if (!rollingPercentiles.isEmpty()) {
            return "only rolling per-stream percentiles in GET /api/system (" + rollingPercentiles.size()
                    + " streams): median of p50s / max of p99s";
        }
        return lastError != null ? lastError : "GET /api/system carried no segment timing";
    }
}
