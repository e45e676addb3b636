// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a limit. Past the limit it stops collecting (nothing more is
 * buffered), pauses the request and fails with {@link BodyTooLargeException}; the caller replies
 * 413 and closes the connection.
 *
 * <p>Threading: call on the request's event loop; the future completes there.
 */
final class BoundedBody {

    private BoundedBody() {
    }

    /** The body, at most {@code max} bytes. */
    static Future<Buffer> read(HttpServerRequest request, int max) {
        Promise<Buffer> promise = Promise.promise();
        if (request.isEnded()) {
            promise.fail(new IllegalStateException("request body already consumed"));
            return promise.future();
        }
        Buffer body = Buffer.buffer(Math.min(max, 8192));
        request.handler(chunk -> {
            if (promise.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                request.pause();
                promise.tryFail(new BodyTooLargeException());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> promise.tryComplete(body));
        request.exceptionHandler(promise::tryFail);
        request.resume();
        return promise.future();
    }
}
