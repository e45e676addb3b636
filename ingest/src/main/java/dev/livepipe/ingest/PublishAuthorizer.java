// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest;

import io.vertx.core.Future;
import java.util.Optional;

/**
 * Decides whether a publisher may go live, and as which stream.
 *
 * <p>Contract: given the application name (the first path segment of the RTMP URL, e.g.
 * {@code live}) and the stream key the publisher presented (query strings already removed),
 * completes with the stream id to publish into, or with {@link Optional#empty()} when the key is
 * unknown, revoked or not allowed for that application. A failed future is treated like a
 * refusal. The key is a secret: implementations must never log it.
 *
 * <p>Threading: called on the publisher connection's event loop and must not block it; the
 * server implements it with a database lookup on a worker and returns the future at once. The
 * returned future may complete on any thread; the caller hops back to its own context.
 */
@FunctionalInterface
public interface PublishAuthorizer {

    /**
     * Looks up the stream that {@code streamKey} publishes into.
     *
     * @param app       the RTMP application name, never null (may be empty)
     * @param streamKey the presented stream key, never null
     * @return the stream id, or empty if publishing is not allowed
     */
    Future<Optional<String>> authorize(String app, String streamKey);
}
