// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.ingest.PublishAuthorizer;
import dev.livepipe.storage.streams.StreamInfo;
import dev.livepipe.storage.streams.StreamKeys;
import dev.livepipe.storage.streams.StreamRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * Accepts a publish when the key matches a stream's stored key hash. RTMP publishers must use
 * the application name {@code live}. The lookup (JDBC) runs on a worker thread.
 */
final class StreamKeyAuthorizer implements PublishAuthorizer {

    private final Vertx vertx;
    private final StreamRepository streams;

    StreamKeyAuthorizer(Vertx vertx, StreamRepository streams) {
        this.vertx = vertx;
        this.streams = streams;
    }

    @Override
    public Future<Optional<String>> authorize(String app, String streamKey) {
        if (!"live".equals(app) || streamKey == null || !StreamKeys.plausible(streamKey)) {
            return Future.succeededFuture(Optional.empty());
        }
        return vertx.executeBlocking(() -> streams.findByKey(streamKey).map(StreamInfo::id), false);
    }
}
