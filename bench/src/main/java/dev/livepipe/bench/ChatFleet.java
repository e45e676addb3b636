// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static dev.livepipe.bench.FrameScan.digitsEnd;
import static dev.livepipe.bench.FrameScan.indexOf;
import static dev.livepipe.bench.FrameScan.number;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * C chat WebSocket clients ({@code docs/chat-protocol.md}) in this JVM, on one Vert.x instance
 * whose event loops they are spread over. What a client does per received frame is kept small so
 * that the client is not the bottleneck: a byte search for a marker, no JSON parse.
 *
 * <ul>
 *   <li>A chat message sent by the benchmark carries {@code bench#<phase>.<m>.<nanoTime>#} in its
 *       text ({@code m} = 1 inside the measured window, 0 in the warm-up). Sender and receivers
 *       are in this JVM, so {@link System#nanoTime()} at receipt minus the embedded value is the
 *       send → receive latency. Each event loop records into its own {@link LatencyHistogram}.</li>
 *   <li>A {@code reaction.burst} during a reaction storm: the arrival time is kept per client
 *       (for bursts per second, inter-arrival and fan-out spread), the counts are summed, and a
 *       burst holding the probe reaction ({@code angry}, sent only by client 0) gives a
 *       reaction → burst latency.</li>
 *   <li>The first frame ({@code welcome}) marks the client as ready; the first welcome is kept
 *       whole (its {@code limits}).</li>
 * </ul>
 *
 * Fields of a client and of an event loop's statistics are written only on that event loop;
 * {@link #quiesce} runs a task on every client's context before they are read, which orders
 * those writes before the reads.
 */
final class ChatFleet implements AutoCloseable {

    static final String PROBE_REACTION = "angry";
    /** Reactions storm clients send (all allowed names but the probe's). */
    static final String[] STORM_REACTIONS = {"heart", "like", "fire", "clap", "laugh", "wow", "sad"};

    private static final byte[] MARK = "bench#".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WELCOME = "\"welcome\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BURST = "reaction.burst".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COUNTS = "\"counts\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PROBE = ("\"" + PROBE_REACTION + "\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RATE_LIMITED = "rate_limited".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHAT_MESSAGE = "chat.message".getBytes(StandardCharsets.US_ASCII);

    /** One client connection. Mutable fields belong to its event loop. */
    static final class Conn {
        final int index;
        ClientWebSocket ws;
        volatile Context ctx;
        volatile boolean open;
        boolean welcomed;
        // reaction storm
        int bursts;
        long countSum;
        long[] arrivals = new long[0];
        int reactionsSent;

        Conn(int index) {
            this.index = index;
        }
    }

    /** What one event loop saw. */
    static final class LoopStats {
        final LatencyHistogram chatLatency = new LatencyHistogram();
        final LatencyHistogram probeLatency = new LatencyHistogram();
        long chatFrames; // frames holding at least one benchmark chat message (more than one in a batch)
        long chatMeasured;
        long chatWarmup;
        long chatStale;
        long chatOther; // chat.message without the marker (not ours)
        long errors;
        long rateLimited;
        long bursts;
        long other;
    }

    private final Vertx vertx;
    private final int port;
    private final String uri;
    private final String bearer;
    private final int perAddress;
    private final boolean deflate;
    /** Connections whose handshake response accepted permessage-deflate. */
    private final AtomicInteger compressed = new AtomicInteger();
    private final Map<Integer, WebSocketClient> clients = new ConcurrentHashMap<>();
    private final List<Conn> conns = new ArrayList<>();
    private final Map<Thread, LoopStats> stats = new ConcurrentHashMap<>();
    private final ThreadLocal<LoopStats> local = ThreadLocal.withInitial(() -> {
        LoopStats s = new LoopStats();
        stats.put(Thread.currentThread(), s);
        return s;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger welcomed = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();
    private final List<String> errorSamples = java.util.Collections.synchronizedList(new ArrayList<>());
    private final LongAdder sendFailures = new LongAdder();
    /** Chat frames of the current phase received inside [windowStart, windowEnd). */
    private final LongAdder inWindow = new LongAdder();
    private final LongAdder measuredDelivered = new LongAdder();
    private volatile String firstWelcome;
    private volatile String firstBurst;
    private volatile int phase;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean storm;
    private volatile long probeSentNanos;
    private volatile int arrivalSlots;

    /**
     * @param threads    event loops (the client's share of the machine)
     * @param port       Livepipe's HTTP port on 127.0.0.1
     * @param streamId   the stream whose chat the clients join
     * @param bearer     a token to send as {@code Authorization: Bearer}, or null for guests
     * @param perAddress 0: every client connects from 127.0.0.1; n > 0: n clients per local
     *                   address 127.1.x.y, so the server's per-address limit can stay at its default
     * @param deflate    offer permessage-deflate in the handshake, as browsers do
     */
    ChatFleet(int threads, int port, String streamId, String bearer, int perAddress, boolean deflate) {
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads).setPreferNativeTransport(true)
                .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.SECONDS));
        this.port = port;
        this.uri = ChatBench.WS_PATH + streamId;
        this.bearer = bearer;
        this.perAddress = perAddress;
        this.deflate = deflate;
    }

    /** How many connections the server agreed to compress (permessage-deflate). */
    int compressedCount() {
        return compressed.get();
    }

    /** "epoll" or "nio": the transport the clients' event loops use. */
    String transport() {
        return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
    }

    private WebSocketClient client(int index) {
        int group = perAddress > 0 ? index / perAddress : -1;
        return clients.computeIfAbsent(group, g -> {
            WebSocketClientOptions o = new WebSocketClientOptions().setMaxConnections(200_000).setConnectTimeout(15_000)
                    .setMaxMessageSize(4 * 1024 * 1024).setTcpNoDelay(true).setIdleTimeout(0)
                    .setTryUsePerMessageCompression(deflate).setTryUsePerFrameCompression(false);
            if (g >= 0) {
                o.setLocalAddress("127.1." + (g / 250) + "." + (1 + g % 250));
            }
            return vertx.createWebSocketClient(o);
        });
    }

    /**
     * Opens {@code count} connections, at most {@code perSecond} new ones a second and at most
     * {@code maxInFlight} handshakes at a time, then waits until every opened one got its
     * {@code welcome} (or the deadline passes). Returns the seconds it took.
     */
    double connect(int count, double perSecond, int maxInFlight, long deadlineNanos) throws InterruptedException {
        long t0 = System.nanoTime();
        for (int i = 0; i < count && System.nanoTime() < deadlineNanos; i++) {
            long due = t0 + (long) (i * 1e9 / perSecond);
            while (System.nanoTime() < due || inFlight.get() >= maxInFlight) {
                if (System.nanoTime() > deadlineNanos) {
                    break;
                }
                Thread.sleep(1);
            }
            Conn c = new Conn(i);
            conns.add(c);
            open(c);
            if (i > 0 && i % 1000 == 0) {
                System.out.printf("  connecting: %d started, %d open, %d welcomed, %d failed%n", i, connected.get(),
                        welcomed.get(), failures.values().stream().mapToLong(LongAdder::sum).sum());
            }
        }
        while (System.nanoTime() < deadlineNanos && (inFlight.get() > 0 || welcomed.get() < connected.get() - closed.get())) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void open(Conn c) {
        ClientWebSocket ws = client(c.index).webSocket();
        c.ws = ws;
        ws.handler(b -> onData(c, b));
        ws.exceptionHandler(e -> failures.computeIfAbsent("exception: " + e.getClass().getSimpleName(), k -> new LongAdder()).increment());
        ws.closeHandler(v -> {
            if (c.open) {
                c.open = false;
                closed.incrementAndGet();
                String why = "code " + ws.closeStatusCode() + (ws.closeReason() == null ? "" : " " + ws.closeReason());
                closeReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
            }
        });
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
                .addSubProtocol(ChatBench.SUBPROTOCOL).setTimeout(30_000);
        if (bearer != null) {
            o.addHeader("Authorization", "Bearer " + bearer);
        }
        inFlight.incrementAndGet();
        ws.connect(o).onComplete(ar -> {
            inFlight.decrementAndGet();
            if (ar.succeeded()) {
                c.ctx = Vertx.currentContext();
                c.open = true;
                connected.incrementAndGet();
                String extensions = ws.headers() == null ? null : ws.headers().get("Sec-WebSocket-Extensions");
                if (extensions != null && extensions.contains("permessage-deflate")) {
                    compressed.incrementAndGet();
                }
            } else {
                Throwable e = ar.cause();
                String why = e instanceof UpgradeRejectedException u ? "HTTP " + u.getStatus() + " " + u.getBody()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                failures.computeIfAbsent(why.length() > 160 ? why.substring(0, 160) : why, k -> new LongAdder()).increment();
            }
        });
    }

    private void onData(Conn c, Buffer frame) {
        long now = System.nanoTime();
        LoopStats s = local.get();
        // One bulk copy, then plain array scans: scanning the Buffer byte by byte through
        // getByte cost the client JVM about half its CPU at 10k clients x 100 msg/s.
        byte[] b = frame.getBytes();
        int n = b.length;
        int m = indexOf(b, n, MARK, 0);
        if (m >= 0) {
            // One chat.message, or a "batch" frame holding several (every marker is one), maybe
            // with a reaction burst among them.
            s.chatFrames++;
            while (m >= 0) {
                int next = chatMessage(s, b, n, m + MARK.length, now);
                m = indexOf(b, n, MARK, next);
            }
            if (!storm || indexOf(b, n, BURST, 0) < 0) {
                return;
            }
        }
        if (!c.welcomed) {
            if (indexOf(b, n, WELCOME, 0) >= 0) {
                c.welcomed = true;
                welcomed.incrementAndGet();
                if (firstWelcome == null) {
                    firstWelcome = new String(b, StandardCharsets.UTF_8);
                }
                return;
            }
        }
        if (storm && indexOf(b, n, BURST, 0) >= 0) {
            burst(c, s, b, n, now);
            return;
        }
        if (indexOf(b, n, ERROR, 0) >= 0) {
            s.errors++;
            if (indexOf(b, n, RATE_LIMITED, 0) >= 0) {
                s.rateLimited++;
            }
            if (errorSamples.size() < 10) {
                errorSamples.add(new String(b, StandardCharsets.UTF_8));
            }
            return;
        }
        if (indexOf(b, n, BURST, 0) >= 0) {
            s.bursts++;
        } else if (indexOf(b, n, CHAT_MESSAGE, 0) >= 0) {
            s.chatOther++;
        } else {
            s.other++;
        }
    }

    /** {@code <phase>.<m>.<nanos>#} at {@code i}; returns where parsing stopped. */
    private int chatMessage(LoopStats s, byte[] b, int n, int i, long now) {
        int end = digitsEnd(b, n, i);
        if (number(b, i, end) != phase || end + 2 >= n) {
            s.chatStale++;
            return end;
        }
        boolean measured = b[end + 1] == '1';
        i = end + 3;
        end = digitsEnd(b, n, i);
        long sent = number(b, i, end);
        if (now >= windowStart && now < windowEnd) {
            inWindow.increment();
        }
        if (measured) {
            s.chatMeasured++;
            measuredDelivered.increment();
            s.chatLatency.record((now - sent) / 1000);
        } else {
            s.chatWarmup++;
        }
        return end;
    }

    private void burst(Conn c, LoopStats s, byte[] b, int n, long now) {
        if (firstBurst == null) {
            firstBurst = new String(b, StandardCharsets.UTF_8);
        }
        // A batch frame may hold more than one burst.
        for (int at = indexOf(b, n, BURST, 0); at >= 0; at = indexOf(b, n, BURST, at + BURST.length)) {
            oneBurst(c, s, b, n, at, now);
        }
    }

    /** The burst whose type string is at {@code at}; its counts follow it. */
    private void oneBurst(Conn c, LoopStats s, byte[] b, int n, int at, long now) {
        s.bursts++;
        if (c.bursts < c.arrivals.length) {
            c.arrivals[c.bursts] = now;
        }
        c.bursts++;
        int i = indexOf(b, n, COUNTS, at);
        if (i >= 0) {
            FrameScan.Counts counts = FrameScan.counts(b, n, i + COUNTS.length);
            c.countSum += counts.sum();
            long probe = probeSentNanos;
            if (probe != 0 && indexOf(b, Math.min(n, counts.close() + 1), PROBE, counts.open()) >= 0) {
                s.probeLatency.record((now - probe) / 1000);
            }
        }
    }

    // ---- chat phase ----

    /** Starts a new chat phase: frames of earlier phases count as stale from now on. */
    void beginChat(int phaseId) {
        phase = phaseId;
        windowStart = Long.MAX_VALUE;
        windowEnd = Long.MAX_VALUE;
        inWindow.reset();
        measuredDelivered.reset();
    }

    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    long inWindowCount() {
        return inWindow.sum();
    }

    long measuredDeliveredCount() {
        return measuredDelivered.sum();
    }

    /** Sends one chat message from {@code c} on its event loop, stamped when it is written. */
    void sendChat(Conn c, int phaseId, boolean measured) {
        send(c, () -> "{\"type\":\"chat.send\",\"text\":\"bench#" + phaseId + "." + (measured ? 1 : 0) + "."
                + System.nanoTime() + "#\"}");
    }

    /** Writes the text {@code frame} builds on {@code c}'s event loop, just before the write; counts failures. */
    private void send(Conn c, java.util.function.Supplier<String> frame) {
        Context ctx = c.ctx;
        if (ctx == null || !c.open) {
            sendFailures.increment();
            return;
        }
        ctx.runOnContext(v -> c.ws.writeTextMessage(frame.get()).onFailure(e -> sendFailures.increment()));
    }

    // ---- reaction storm ----

    /** Prepares every client to record up to {@code slots} burst arrivals and starts counting bursts. */
    void beginStorm(int slots) throws InterruptedException {
        arrivalSlots = slots;
        onEveryContext(c -> {
            c.bursts = 0;
            c.countSum = 0;
            c.reactionsSent = 0;
            c.arrivals = new long[arrivalSlots];
        });
        probeSentNanos = 0;
        storm = true;
    }

    void endStorm() {
        storm = false;
    }

    /** Sends one reaction from {@code c} on its event loop (the probe reaction if {@code probe}). */
    void sendReaction(Conn c, String reaction, boolean probe) {
        send(c, () -> {
            if (probe) {
                probeSentNanos = System.nanoTime();
            }
            c.reactionsSent++;
            return "{\"type\":\"reaction.send\",\"reaction\":\"" + reaction + "\"}";
        });
    }

    // ---- reading results ----

    /** Runs {@code task} on every open client's event loop and waits (≤ 30 s): afterwards their fields are safe to read. */
    void onEveryContext(java.util.function.Consumer<Conn> task) throws InterruptedException {
        List<Conn> live = conns.stream().filter(c -> c.ctx != null).toList();
        CountDownLatch done = new CountDownLatch(live.size());
        for (Conn c : live) {
            c.ctx.runOnContext(v -> {
                try {
                    task.accept(c);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await(30, TimeUnit.SECONDS);
    }

    void quiesce() throws InterruptedException {
        onEveryContext(c -> { });
    }

    List<Conn> conns() {
        return conns;
    }

    /** Open connections (connected, not closed since). */
    List<Conn> openConns() {
        return conns.stream().filter(c -> c.open).toList();
    }

    int welcomedCount() {
        return welcomed.get();
    }

    int closedCount() {
        return closed.get();
    }

    Map<String, Long> failures() {
        Map<String, Long> m = new TreeMap<>();
        failures.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    Map<String, Long> closeReasons() {
        Map<String, Long> m = new TreeMap<>();
        closeReasons.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    long sendFailures() {
        return sendFailures.sum();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    String firstBurst() {
        return firstBurst;
    }

    String firstWelcome() {
        return firstWelcome;
    }

    /** The per-event-loop statistics (call {@link #quiesce} first). */
    List<LoopStats> loopStats() {
        return List.copyOf(stats.values());
    }

    /** Sums a counter over the event loops. */
    long sum(java.util.function.ToLongFunction<LoopStats> f) {
        return stats.values().stream().mapToLong(f).sum();
    }

    LatencyHistogram chatLatency() {
        return LatencyHistogram.merge(stats.values().stream().map(s -> s.chatLatency).toList());
    }

    LatencyHistogram probeLatency() {
        return LatencyHistogram.merge(stats.values().stream().map(s -> s.probeLatency).toList());
    }

    /** Resets every event loop's counters and histograms (call between phases, after {@link #quiesce}). */
    void resetStats() throws InterruptedException {
        stats.clear();
        onEveryContext(c -> local.remove());
    }

    @Override
    public void close() {
        try {
            for (Conn c : conns) {
                if (c.open && c.ws != null) {
                    c.open = false;
                    c.ws.close();
                }
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("closing the chat clients: " + e);
        }
    }
}
