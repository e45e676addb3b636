// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small client of the REST API for end-to-end tests, authenticated with the admin token. */
public final class LivepipeApi {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    public LivepipeApi(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** Sends a request; {@code body} may be null. */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates a stream and returns its JSON (with the one-time {@code streamKey}). */
    public JsonObject createStream(String title) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/api/streams", new JsonObject().put("title", title).encode());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("create stream: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body());
    }

    public JsonObject stream(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = send("GET", "/api/streams/" + id, null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("get stream: " + r.statusCode() + " " + r.body());
        }
        return new JsonObject(r.body());
    }

    public JsonArray streams() throws IOException, InterruptedException {
        return new JsonArray(send("GET", "/api/streams", null).body());
    }

    /** GET of any URL without credentials. */
    public HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
