// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.media.Scheduler;
import io.vertx.core.Vertx;
import java.time.Duration;

/** {@link Scheduler} on Vert.x timers: tasks run on an event loop and must not block. */
final class VertxScheduler implements Scheduler {

    private final Vertx vertx;

    VertxScheduler(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
