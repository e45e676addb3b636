// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.PublishAuthorizer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real Vert.x HTTP server on a loopback port with {@link WhipHttp}, and a JDK client. */
final class WhipHttpFixture implements AutoCloseable {

    static final String KEY = "sk_live_9f8e7d6c5b4a";
    static final String OTHER_KEY = "sk_live_other_stream";
    static final Map<String, String> STREAMS = Map.of(KEY, "stream1", OTHER_KEY, "stream2");
    static final PublishAuthorizer AUTHORIZER = (app, key) ->
            Future.succeededFuture("live".equals(app) ? Optional.ofNullable(STREAMS.get(key)) : Optional.empty());

    final Vertx vertx;
    final FakeSessionFactory factory = new FakeSessionFactory();
    final WhipHttp whip;
    final HttpServer server;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    WhipHttpFixture(Vertx vertx, WhipConfig config) throws Exception {
        this.vertx = vertx;
        this.whip = new WhipHttp(vertx, config, AUTHORIZER, factory);
        this.server = vertx.createHttpServer().requestHandler(whip).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + path);
    }

    HttpRequest.Builder post(String path, String authorization, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> publish(String path, String offer) throws Exception {
        return send(post(path, "Bearer " + KEY, "application/sdp", offer).build());
    }

    HttpResponse<String> method(String method, String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.build());
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        client.close();
    }
}
