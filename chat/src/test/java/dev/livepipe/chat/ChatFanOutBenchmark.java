// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.db.Database;
import dev.livepipe.storage.db.DatabaseConfig;
import dev.livepipe.storage.embedded.EmbeddedPostgresServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A quick in-process fan-out figure (not a test; the real benchmark is bench/run-chat.sh):
 * C sockets on one stream, S of them sending R messages a second in total for T seconds;
 * prints delivered messages and send → receive latency percentiles. Server and clients
 * share this JVM and its cores, so the figures are pessimistic.
 *
 * <pre>java … dev.livepipe.chat.ChatFanOutBenchmark [clients] [rate] [seconds] [http server instances]</pre>
 */
public final class ChatFanOutBenchmark {

    private ChatFanOutBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int instances = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int senders = 20;
        Path dir = Files.createTempDirectory("chat-bench");
        EmbeddedPostgresServer pg = new EmbeddedPostgresServer(dir);
        pg.start();
        Database database = new Database(new DatabaseConfig(pg.jdbcUrl(), EmbeddedPostgresServer.USER, null));
        database.start();
        ChatConfig base = ChatConfig.defaults();
        ChatConfig config = new ChatConfig(base.maxTextLength(), base.maxFrameBytes(), 10_000, base.interval(),
                base.reactionsPerSecond(), clients + 10, base.historySize(), base.maxMissed(),
                base.refusalsBeforeClose(), base.refusalWindow(), base.burstInterval(), base.viewersInterval(),
                base.reactionFlushInterval(), base.pingInterval(), base.pingTimeout());
        TestChatServer server = new TestChatServer(database, config, 4096, instances);
        Vertx clientVertx = Vertx.vertx();
        WebSocketClient client = clientVertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20).setMaxConnections(clients + 10));
        String streamId = server.newStream();
        AtomicLong delivered = new AtomicLong();
        AtomicLongArray histogram = new AtomicLongArray(10_001); // 0.1 ms buckets up to 1 s
        List<io.vertx.core.http.WebSocket> sockets = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i += 200) {
            List<Future<io.vertx.core.http.WebSocket>> batch = new ArrayList<>();
            for (int j = i; j < Math.min(clients, i + 200); j++) {
                WebSocketConnectOptions o = server.connectOptions(streamId, "guest:" + j, "G" + j,
                        j < senders ? "moderator" : "viewer");
                batch.add(client.connect(o).map(ws -> {
                    ws.textMessageHandler(text -> {
                        int at = text.indexOf("\"text\":\"t:");
                        if (at >= 0) {
                            long sent = Long.parseLong(text, at + 10, text.indexOf('"', at + 10), 10);
                            long micros = (System.nanoTime() - sent) / 1000;
                            histogram.incrementAndGet((int) Math.min(10_000, micros / 100));
                            delivered.incrementAndGet();
                        }
                    });
                    return ws;
                }));
            }
            sockets.addAll(Future.all(batch).toCompletionStage().toCompletableFuture().get()
                    .<io.vertx.core.http.WebSocket>list());
        }
        System.out.printf("%d sockets connected in %d ms (server sees %d)%n", clients,
                (System.nanoTime() - connectStart) / 1_000_000, server.chat.sockets(streamId));
        Thread.sleep(1000);
        delivered.set(0);
        for (int i = 0; i < histogram.length(); i++) {
            histogram.set(i, 0);
        }
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - start < Duration.ofSeconds(seconds).toNanos()) {
            long due = start + sent * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            io.vertx.core.http.WebSocket sender = sockets.get(sent % senders);
            sender.writeTextMessage(new JsonObject().put("type", "chat.send").put("text", "t:" + System.nanoTime())
                    .encode());
            sent++;
        }
        Thread.sleep(2000);
        long expected = (long) sent * clients;
        long[] counts = new long[histogram.length()];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = histogram.get(i);
            total += counts[i];
        }
        System.out.printf("sent %d messages at %d/s to %d sockets: delivered %d of %d (%.2f%%)%n", sent, rate,
                clients, delivered.get(), expected, 100.0 * delivered.get() / expected);
        for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
            long target = (long) Math.ceil(total * p);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= target) {
                    System.out.printf("p%s latency %.1f ms%n", p * 100, i / 10.0);
                    break;
                }
            }
        }
        server.close();
        clientVertx.close().toCompletionStage().toCompletableFuture().get();
        database.stop();
        pg.stop();
        System.exit(0);
    }
}
