// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A fleet of simulated HLS players on one Vert.x HttpClient with a bounded connection pool: each
 * session fetches the multivariant playlist with its own {@code vs}, then its media playlist
 * every {@code reload} and each segment it has not fetched yet (starting at the last three, like
 * a player joining near the live edge). Every request has a timeout; sessions stop on
 * {@link #stop(int, int)} or {@link #close()}.
 *
 * <p>Threading: sessions run on the fleet's Vert.x event loops; the figures are atomics that
 * the test thread reads.
 */
final class SimulatedViewers implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpClientAgent client;
    private final String host;
    private final int port;
    private final String indexPath;
    private final Duration reload;
    private final List<Session> sessions = new ArrayList<>();
    /** Requests sent and not yet answered (or failed). */
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicLong segmentsFetched = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    /** EXTINF seconds of every distinct segment fetched with 200, summed over sessions. */
    final DoubleAdder watchedSeconds = new DoubleAdder();

    SimulatedViewers(String hlsUrl, int connections, Duration reload) {
        URI u = URI.create(hlsUrl);
        this.host = u.getHost();
        this.port = u.getPort();
        this.indexPath = u.getRawPath();
        this.reload = reload;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(20_000));
    }

    /** Starts {@code n} sessions, their first requests spread over {@code ramp}. */
    void start(int n, Duration ramp) {
        for (int i = 0; i < n; i++) {
            Session s = new Session(String.format("sim-viewer-%05d", sessions.size()));
            sessions.add(s);
            long delay = 1 + ThreadLocalRandom.current().nextLong(Math.max(1, ramp.toMillis()));
            vertx.setTimer(delay, t -> s.step());
        }
    }

    /** Stops sessions {@code from} (inclusive) to {@code to} (exclusive): they send nothing more. */
    void stop(int from, int to) {
        for (int i = from; i < to; i++) {
            sessions.get(i).stopped = true;
        }
    }

    /** Sessions that fetched at least one segment. */
    long playing() {
        return sessions.stream().filter(s -> s.newest >= 0).count();
    }

    @Override
    public void close() {
        stop(0, sessions.size());
        vertx.close().await();
    }

    private Future<Buffer> get(String path) {
        inFlight.incrementAndGet();
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port).setURI(path)
                .setTimeout(10_000);
        return client.request(o).compose(req -> req.send().compose(resp -> resp.body().compose(body ->
                        resp.statusCode() == 200 ? Future.succeededFuture(body)
                                : Future.failedFuture("HTTP " + resp.statusCode() + " for " + path))))
                .onComplete(ar -> {
                    inFlight.decrementAndGet();
                    if (ar.failed()) {
                        failures.incrementAndGet();
                    }
                });
    }

    /** One simulated player. */
    private final class Session {
        final String vs;
        volatile boolean stopped;
        String mediaPath;
        long newest = -1;

        Session(String vs) {
            this.vs = vs;
        }

        void step() {
            if (stopped) {
                return;
            }
            Future<Void> round = mediaPath == null
                    ? get(indexPath + "?vs=" + vs).map(b -> {
                        mediaPath = resolve(indexPath, variantUri(b.toString()));
                        return null;
                    })
                    : Future.succeededFuture();
            round.compose(v -> get(mediaPath)).compose(this::fetchNew)
                    .onComplete(ar -> {
                        if (!stopped) {
                            vertx.setTimer(reload.toMillis(), t -> step());
                        }
                    });
        }

        private Future<Void> fetchNew(Buffer playlist) {
            List<String[]> segments = parseSegments(playlist.toString()); // {uri, extinf}
            int start = newest < 0 ? Math.max(0, segments.size() - 3) : 0;
            Future<Void> chain = Future.succeededFuture();
            for (int i = start; i < segments.size(); i++) {
                String uri = segments.get(i)[0];
                long seq = Long.parseLong(uri.substring(4, uri.indexOf(".m4s")));
                if (seq <= newest) {
                    continue;
                }
                double seconds = Double.parseDouble(segments.get(i)[1]);
                chain = chain.compose(v -> stopped ? Future.succeededFuture() : get(resolve(mediaPath, uri)).map(b -> {
                    newest = Math.max(newest, seq);
                    segmentsFetched.incrementAndGet();
                    watchedSeconds.add(seconds);
                    return null;
                }).otherwiseEmpty().mapEmpty());
            }
            return chain;
        }
    }

    private static String variantUri(String multivariant) {
        for (String line : multivariant.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                return line.strip();
            }
        }
        throw new IllegalStateException("no variant in " + multivariant);
    }

    /** {uri, EXTINF seconds} of every segment line. */
    private static List<String[]> parseSegments(String playlist) {
        List<String[]> out = new ArrayList<>();
        String extinf = null;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXTINF:")) {
                extinf = line.substring(8, line.indexOf(','));
            } else if (!line.isBlank() && !line.startsWith("#") && extinf != null) {
                out.add(new String[] {line.strip(), extinf});
                extinf = null;
            }
        }
        return out;
    }

    private static String resolve(String base, String relative) {
        return URI.create(base).resolve(relative).toString();
    }
}
