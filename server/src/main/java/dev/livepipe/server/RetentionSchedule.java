// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.storage.retention.RetentionSweeper;
import dev.livepipe.storage.retention.SweepResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the retention sweeper every {@code LIVEPIPE_RETENTION_SWEEP_SECONDS} on a worker thread,
 * never two sweeps of this node at once (other nodes may sweep concurrently: the sweeper claims
 * rows with SKIP LOCKED). {@link #sweepNow()} lets the API delete a recording at once.
 */
final class RetentionSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSchedule.class);

    private final Vertx vertx;
    private final RetentionSweeper sweeper;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    RetentionSchedule(Vertx vertx, RetentionSweeper sweeper) {
        this.vertx = vertx;
        this.sweeper = sweeper;
    }

    void start() {
        timer = vertx.setPeriodic(sweeper.config().interval().toMillis(), t -> {
            if (running.compareAndSet(false, true)) {
                sweepNow().onComplete(r -> running.set(false));
            }
        });
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One sweep on a worker thread. */
    Future<SweepResult> sweepNow() {
        return vertx.executeBlocking(sweeper::sweep, false).onSuccess(r -> {
            if (r.deleted() > 0 || r.refused() > 0) {
                LOG.info("retention sweep: {} recordings ({} bytes) deleted, {} refused, in {}", r.deleted(),
                        r.bytes(), r.refused(), r.elapsed());
            }
        }).onFailure(e -> LOG.warn("retention sweep failed; will retry at the next interval", e));
    }
}
