// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import dev.livepipe.ingest.PublishAuthorizer;
import dev.livepipe.media.Broadcasts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTMP ingest edge: accepts publishers on a Vert.x {@link NetServer} (and RTMPS on a second
 * port when configured), authorizes each {@code publish} with the {@link PublishAuthorizer}, and
 * publishes their audio and video into {@link Broadcasts}.
 *
 * <p>Each connection lives on its socket's event loop and never blocks it. A misbehaving
 * connection is closed alone, with one log line; the server goes on.
 *
 * <p>Threading: {@link #start()}, {@link #stop()}, {@link #describe()} and the port getters may be
 * called from any thread.
 */
public final class RtmpServer {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpServer.class);

    private final Vertx vertx;
    private final RtmpServerConfig config;
    private final PublishAuthorizer authorizer;
    private final Broadcasts broadcasts;
    private final Map<Long, RtmpConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final RtmpCounters counters = new RtmpCounters();
    private volatile NetServer plain;
    private volatile NetServer secure;

    /**
     * @param vertx      the Vert.x instance whose event loops run the connections
     * @param config     listen addresses, limits, timeouts, TLS
     * @param authorizer maps (app, stream key) to a stream id
     * @param broadcasts the hub the publishers publish into
     */
    public RtmpServer(Vertx vertx, RtmpServerConfig config, PublishAuthorizer authorizer,
                      Broadcasts broadcasts) {
        this.vertx = vertx;
        this.config = config;
        this.authorizer = authorizer;
        this.broadcasts = broadcasts;
    }

    /** Starts listening; completes when every configured port is bound. */
    public Future<Void> start() {
        NetServerOptions options = baseOptions().setPort(config.port());
        NetServer p = vertx.createNetServer(options).connectHandler(s -> accept(s, false));
        plain = p;
        List<Future<?>> listening = new ArrayList<>();
        listening.add(p.listen().onSuccess(s -> LOG.info("RTMP listening on {}:{}", config.host(),
                s.actualPort())));
        config.tls().ifPresent(tls -> {
            NetServerOptions tlsOptions = baseOptions().setPort(tls.port()).setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions()
                            .setCertPath(tls.certificatePath().toString())
                            .setKeyPath(tls.keyPath().toString()));
            NetServer s = vertx.createNetServer(tlsOptions).connectHandler(sock -> accept(sock, true));
            secure = s;
            listening.add(s.listen().onSuccess(x -> LOG.info("RTMPS listening on {}:{}",
                    config.host(), x.actualPort())));
        });
        return Future.all(listening).mapEmpty();
    }

    /**
     * Stops listening and closes every connection (their publications end, so the hub starts
     * their grace windows); completes once all sockets are closed.
     */
    public Future<Void> stop() {
        List<Future<?>> closing = new ArrayList<>();
        if (plain != null) {
            closing.add(plain.close());
        }
        if (secure != null) {
            closing.add(secure.close());
        }
        for (RtmpConnection c : connections.values()) {
            closing.add(c.closeAsync("server stopping"));
        }
        return Future.all(closing).mapEmpty();
    }

    /** The bound plain RTMP port (useful with port 0), or -1 before {@link #start()}. */
    public int actualPort() {
        NetServer p = plain;
        return p == null ? -1 : p.actualPort();
    }

    /** The bound RTMPS port, or -1 if TLS is not configured or not started. */
    public int actualTlsPort() {
        NetServer s = secure;
        return s == null ? -1 : s.actualPort();
    }

    /** The number of open connections. */
    public int connectionCount() {
        return connections.size();
    }

    /** A snapshot for the admin API: ports, totals since start and every open connection. */
    public JsonObject describe() {
        JsonArray list = new JsonArray();
        connections.values().stream()
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .forEach(c -> list.add(c.describe()));
        return new JsonObject()
                .put("host", config.host())
                .put("port", actualPort())
                .put("tlsPort", actualTlsPort())
                .put("totals", counters.toJson())
                .put("connections", list);
    }

    private NetServerOptions baseOptions() {
        // the idle timeout is the connection's own check, so that it can log why it closes
        return new NetServerOptions().setHost(config.host()).setTcpNoDelay(true);
    }

    private void accept(NetSocket socket, boolean tls) {
        counters.accepted.increment();
        long id = ids.incrementAndGet();
        RtmpConnection c = new RtmpConnection(id, vertx, socket, config, authorizer, broadcasts, tls,
                counters, closed -> connections.remove(closed.id()));
        connections.put(id, c);
        c.start();
    }
}
