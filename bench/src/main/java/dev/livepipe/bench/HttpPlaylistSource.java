// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * A live playlist served over HTTP. Given the stream's {@code hlsUrl} (a multivariant playlist or
 * directly a media playlist) it resolves the first variant once and then reads the media playlist.
 */
public final class HttpPlaylistSource implements PlaylistSource {

    private final HttpClient client;
    private final URI entry;
    private volatile URI media;

    public HttpPlaylistSource(HttpClient client, URI entry) {
        this.client = client;
        this.entry = entry;
    }

    @Override
    public Optional<String> fetch() {
        URI target = media != null ? media : entry;
        Optional<String> body = get(target);
        if (media != null || body.isEmpty()) {
            return body;
        }
        MediaPlaylist parsed = MediaPlaylist.parse(body.get());
        if (parsed.variantUri().isEmpty()) {
            media = entry;
            return body;
        }
        media = entry.resolve(parsed.variantUri().get());
        return get(media);
    }

    private Optional<String> get(URI uri) {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> rsp = client.send(req, HttpResponse.BodyHandlers.ofString());
            return rsp.statusCode() == 200 ? Optional.of(rsp.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
