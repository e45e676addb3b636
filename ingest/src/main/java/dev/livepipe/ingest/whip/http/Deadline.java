// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Bounds an asynchronous step in time and brings its result back to the caller's context.
 * A result that arrives after the deadline is handed to {@code late} (e.g. to close a session
 * nobody will use).
 */
final class Deadline {

    private Deadline() {
    }

    /** Runs {@code handler} on {@code context} with the outcome of {@code step} or a timeout. */
    static <T> void within(Vertx vertx, Context context, Future<T> step, Duration timeout, Consumer<T> late,
                           Handler<AsyncResult<T>> handler) {
        Promise<T> p = Promise.promise();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()),
                t -> p.tryFail(new TimeoutException("timed out after " + timeout.toMillis() + " ms")));
        step.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                if (!p.tryComplete(ar.result())) {
                    late.accept(ar.result());
                }
            } else {
                p.tryFail(ar.cause());
            }
        });
        p.future().onComplete(ar -> {
            if (Vertx.currentContext() == context) {
                handler.handle(ar);
            } else {
                context.runOnContext(v -> handler.handle(ar));
            }
        });
    }

    /** {@code supplier}'s future, or a failed one if it threw. */
    static <T> Future<T> guarded(java.util.function.Supplier<Future<T>> supplier) {
        try {
            Future<T> f = supplier.get();
            return f == null ? Future.failedFuture(new NullPointerException("null future")) : f;
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
