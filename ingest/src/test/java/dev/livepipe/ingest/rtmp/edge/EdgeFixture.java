// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.ingest.PublishAuthorizer;
import dev.livepipe.ingest.rtmp.RtmpServer;
import dev.livepipe.ingest.rtmp.RtmpServerConfig;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real RTMP server on a loopback ephemeral port, with a real {@link Broadcasts} hub, a
 * {@link HubRecorder} reading every broadcast, and an authorizer that knows a fixed set of keys
 * (looked up on a worker thread, as the server's database lookup is).
 */
final class EdgeFixture implements AutoCloseable {

    /** The native (epoll) transport, as the server's {@code Main} prefers. */
    final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    final HubRecorder hub = new HubRecorder();
    final Broadcasts broadcasts;
    final RtmpServer server;

    EdgeFixture(Map<String, String> streamIdByKey, RtmpServerConfig config) throws Exception {
        Scheduler timers = (delay, task) -> {
            long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
            return () -> vertx.cancelTimer(id);
        };
        broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(5), 2000), timers,
                Clock.systemUTC());
        broadcasts.addListener(hub);
        PublishAuthorizer authorizer = (app, key) -> vertx.executeBlocking(
                () -> "live".equals(app) ? Optional.ofNullable(streamIdByKey.get(key)) : Optional.empty());
        server = new RtmpServer(vertx, config.withAddress("127.0.0.1", 0), authorizer, broadcasts);
        server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    EdgeFixture(Map<String, String> streamIdByKey) throws Exception {
        this(streamIdByKey, RtmpServerConfig.defaults());
    }

    String url(String key) {
        return "rtmp://127.0.0.1:" + server.actualPort() + "/live/" + key;
    }

    int port() {
        return server.actualPort();
    }

    /** Waits until the server has no open connection (every close was processed). */
    boolean awaitNoConnections(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.connectionCount() == 0) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        try {
            server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(server.connectionCount()).as("stop() closed every connection").isZero();
            broadcasts.endAll("test over");
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("shutdown failed", e);
        } finally {
            hub.close();
        }
    }
}
