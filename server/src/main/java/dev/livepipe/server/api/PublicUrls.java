// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.Optional;

/**
 * Builds the URLs a stream's JSON hands out (RTMP ingest, HLS, watch page). Uses the configured
 * public URL/host when set, else the host the request came in on. No URL it builds ever contains
 * a stream key.
 */
public final class PublicUrls {

    private final Optional<String> publicUrl;
    private final Optional<String> publicHost;
    private final int rtmpPort;

    public PublicUrls(Optional<String> publicUrl, Optional<String> publicHost, int rtmpPort) {
        this.publicUrl = publicUrl;
        this.publicHost = publicHost;
        this.rtmpPort = rtmpPort;
    }

    /** Base URL of the HTTP server as the client sees it, without a trailing slash. */
    public String httpBase(HttpServerRequest request) {
        if (publicUrl.isPresent()) {
            return publicUrl.get();
        }
        HostAndPort authority = request.authority();
        String host = authority == null ? "localhost" : authority.toString();
        return request.scheme() + "://" + host;
    }

    /** The RTMP server URL to type into OBS's "Server" field. */
    public String rtmpUrl(HttpServerRequest request) {
        String host = publicHost.orElseGet(() -> {
            HostAndPort authority = request.authority();
            return authority == null ? "localhost" : authority.host();
        });
        return "rtmp://" + host + (rtmpPort == 1935 ? "" : ":" + rtmpPort) + "/live";
    }

    /** The multivariant HLS playlist of a stream. */
    public String hlsUrl(HttpServerRequest request, String streamId) {
        return httpBase(request) + "/hls/" + streamId + "/index.m3u8";
    }

    /** The watch page of a stream. */
    public String watchUrl(HttpServerRequest request, String streamId) {
        return httpBase(request) + "/watch/" + streamId;
    }
}
