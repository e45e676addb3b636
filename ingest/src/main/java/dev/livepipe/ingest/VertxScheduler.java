// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest;

import dev.livepipe.media.Scheduler;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * A {@link Scheduler} backed by Vert.x timers. Called on an event loop, the task runs on that
 * event loop's context (Vert.x timers keep the caller's context); tasks must not block.
 */
public final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    public VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
