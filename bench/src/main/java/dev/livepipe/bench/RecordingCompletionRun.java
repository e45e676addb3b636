// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The completion phase: a fresh Livepipe with recording on and a short reconnect grace; R rounds
 * of S concurrent broadcasts (fresh streams each round, publishers staggered over one GOP), each
 * B seconds of the fixture. When a publisher has disconnected, its thread polls
 * {@code GET /api/recordings?stream=<id>} every {@code pollMillis} on average (uniformly jittered
 * ±50 %) until the recording's status is {@code complete} (or {@code failed}/{@code interrupted},
 * or 60 s passed). The time of the first reply that says {@code complete} is an upper bound of the
 * moment the recording completed, late by at most one poll interval plus one request.
 *
 * <p>The server is closed (killed if needed) whatever happens.
 */
public final class RecordingCompletionRun {

    private static final long GOP_MILLIS = 2000;
    private static final long WAIT_NANOS = 60_000_000_000L;

    private final RecordingBenchOptions options;
    private final Fixture fixture;
    private final Path jar;
    private final String javaBin;
    private final Path logDir;
    private final HttpClient http;

    public RecordingCompletionRun(RecordingBenchOptions options, Fixture fixture, Path jar, String javaBin, Path logDir,
                                  HttpClient http) {
        this.options = options;
        this.fixture = fixture;
        this.jar = jar;
        this.javaBin = javaBin;
        this.logDir = logDir;
        this.http = http;
    }

    /** Runs every round; returns one entry per broadcast. */
    public List<BroadcastCompletion> run() throws Exception {
        Path dir = Files.createDirectories(logDir.resolve("completion"));
        String grace = String.format(Locale.ROOT, "%.3f", options.graceSeconds());
        List<BroadcastCompletion> all = new ArrayList<>();
        try (LivepipeUnderTest server = new LivepipeUnderTest(jar, javaBin, dir, http,
                Map.of("LIVEPIPE_RECORDING", "on", "LIVEPIPE_RECONNECT_GRACE_SECONDS", grace))) {
            PhaseRunner.log("Completion: %d rounds x %d broadcasts of %.0f s, grace %s s (%s)", options.completionRounds(),
                    options.completionStreams(), options.broadcastSeconds(), grace, server.configuration());
            server.start();
            for (int round = 1; round <= options.completionRounds(); round++) {
                List<BroadcastCompletion> r = round(server, round);
                r.forEach(b -> PhaseRunner.log("  round %d %s: %s, complete after %.0f ms (%d polls), %d bytes, "
                                + "%.2f s recorded / %.2f s published%s", b.round(), b.streamId(), b.status(),
                        b.disconnectToCompleteMs(), b.polls(), b.bytes(), b.durationSeconds(), b.publishedSeconds(),
                        b.problem() == null ? "" : " | " + b.problem()));
                all.addAll(r);
            }
        }
        return all;
    }

    private List<BroadcastCompletion> round(LivepipeUnderTest server, int round) throws Exception {
        int n = options.completionStreams();
        List<StreamEndpoint> endpoints = server.createStreams(n);
        List<String> ids = server.streamIds().subList(server.streamIds().size() - n, server.streamIds().size());
        BroadcastCompletion[] results = new BroadcastCompletion[n];
        List<Thread> threads = new ArrayList<>();
        List<LoopingPublisher> publishers = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                sleepUntil(t0 + i * GOP_MILLIS * 1_000_000L / n);
                LoopingPublisher p = new LoopingPublisher(endpoints.get(i).publishUrl(), fixture, options.broadcastSeconds());
                publishers.add(p);
                int index = i;
                threads.add(Thread.ofPlatform().daemon().name("broadcast-" + round + "-" + i).start(() -> {
                    p.run();
                    results[index] = awaitComplete(server, ids.get(index), round, p);
                }));
            }
            for (Thread t : threads) {
                t.join((long) (options.broadcastSeconds() * 1000) + WAIT_NANOS / 1_000_000 + 30_000);
            }
        } finally {
            publishers.forEach(LoopingPublisher::stop);
        }
        List<BroadcastCompletion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(results[i] != null ? results[i]
                    : new BroadcastCompletion(ids.get(i), round, Double.NaN, Double.NaN, "?", 0, Double.NaN, 0,
                    "no result (thread did not finish)"));
        }
        return out;
    }

    /** Polls until complete (on the publisher's thread, right after it disconnected). */
    private BroadcastCompletion awaitComplete(LivepipeUnderTest server, String streamId, int round, LoopingPublisher p) {
        long disconnected = p.disconnectedNanos();
        double published = p.lastVideoDtsMs() < 0 ? 0 : (p.lastVideoDtsMs() + frameMillis()) / 1000.0;
        if (p.error() != null || disconnected == 0) {
            return new BroadcastCompletion(streamId, round, published, Double.NaN, "?", 0, Double.NaN, 0,
                    "publisher failed: " + p.error());
        }
        String status = "?";
        long bytes = 0;
        double duration = Double.NaN;
        int polls = 0;
        String lastError = null;
        while (System.nanoTime() - disconnected < WAIT_NANOS) {
            try {
                polls++;
                JsonNode list = server.getJson("/api/recordings?stream=" + streamId);
                long seen = System.nanoTime();
                if (list.isArray() && !list.isEmpty()) {
                    JsonNode r = list.get(0);
                    status = r.path("status").asText();
                    bytes = r.path("bytes").asLong();
                    duration = r.path("durationSeconds").asDouble(Double.NaN);
                    if (list.size() > 1) {
                        lastError = list.size() + " recordings for one broadcast";
                    }
                    if (!status.equals("recording")) {
                        String problem = lastError;
                        if (!status.equals("complete")) {
                            problem = "ended as " + status;
                        } else if (bytes <= 0) {
                            problem = "complete with 0 bytes";
                        } else if (!(Math.abs(duration - published) <= 1.0)) {
                            problem = String.format(Locale.ROOT, "duration %.2f s vs %.2f s published", duration, published);
                        }
                        return new BroadcastCompletion(streamId, round, published, (seen - disconnected) / 1e6, status,
                                bytes, duration, polls, problem);
                    }
                }
            } catch (Exception e) {
                lastError = e.getMessage();
            }
            long mean = options.pollMillis();
            long sleep = mean / 2 + ThreadLocalRandom.current().nextLong(mean + 1);
            try {
                TimeUnit.MILLISECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new BroadcastCompletion(streamId, round, published, Double.NaN, status, bytes, duration, polls,
                "not complete within 60 s" + (lastError == null ? "" : " (" + lastError + ")"));
    }

    /** The fixture's video frame interval in ms (one loop / video frames in it). */
    private double frameMillis() {
        long frames = fixture.packets().stream().filter(FixturePacket::video).count();
        return frames == 0 ? 0 : (double) fixture.loopMillis() / frames;
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
