// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP port served by one {@link HttpServer} per event loop, all on the same port: Vert.x
 * hands accepted connections to them in turn, so HTTP requests and WebSockets (chat fan-out to
 * thousands of sockets) spread over every event loop instead of the one a single server is
 * bound to. Each server lives in its own verticle instance, which pins it to its own loop.
 *
 * <p>Port 0 means one free port chosen at start for all instances.
 *
 * <p>Threading: {@link #start} and {@link #stop} from any thread; the request handler runs on
 * the event loop of the server that accepted the connection, so it must be thread-safe.
 */
final class HttpListeners {

    private final Vertx vertx;
    private final HttpServerOptions options;
    private final Handler<HttpServerRequest> handler;
    private final List<String> deployments = new ArrayList<>();
    private volatile int port = -1;

    HttpListeners(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
        this.vertx = vertx;
        this.options = options;
        this.handler = handler;
    }

    /** Listens with {@code instances} servers on {@code host:port}; completes with the bound port. */
    Future<Integer> start(String host, int requestedPort, int instances) {
        int bindPort;
        try {
            bindPort = requestedPort == 0 ? freePort(host) : requestedPort;
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
        List<Listener> listeners = new ArrayList<>();
        return vertx.deployVerticle(() -> {
            Listener l = new Listener(host, bindPort);
            synchronized (listeners) {
                listeners.add(l);
            }
            return l;
        }, new DeploymentOptions().setInstances(Math.max(1, instances))).map(id -> {
            deployments.add(id);
            synchronized (listeners) {
                port = listeners.get(0).server.actualPort();
                for (Listener l : listeners) {
                    if (l.server.actualPort() != port) {
                        throw new IllegalStateException("HTTP servers bound different ports: " + port + " and "
                                + l.server.actualPort());
                    }
                }
            }
            return port;
        });
    }

    /**
     * A port free right now. Vert.x gives each instance its own random port when asked for
     * port 0, so port 0 (tests) is resolved to one port first; another process could take it
     * in between, which makes the start fail loudly rather than half-bound.
     */
    private static int freePort(String host) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, 0));
            return probe.getLocalPort();
        }
    }

    /** The bound port, or -1 before {@link #start} completed. */
    int port() {
        return port;
    }

    /** Closes every server. */
    Future<Void> stop() {
        List<Future<Void>> undeployed = new ArrayList<>();
        for (String id : deployments) {
            undeployed.add(vertx.undeploy(id));
        }
        deployments.clear();
        return Future.join(undeployed).mapEmpty();
    }

    /** One server on the event loop of its verticle instance. */
    private final class Listener extends VerticleBase {
        private final String host;
        private final int listenPort;
        private HttpServer server;

        Listener(String host, int listenPort) {
            this.host = host;
            this.listenPort = listenPort;
        }

        @Override
        public Future<?> start() {
            return vertx.createHttpServer(options).requestHandler(handler).listen(listenPort, host)
                    .onSuccess(s -> server = s);
        }
    }
}
