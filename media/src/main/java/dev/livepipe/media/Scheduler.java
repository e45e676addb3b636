// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.time.Duration;

/** Runs a task once after a delay; the server backs it with Vert.x timers, tests with anything. */
@FunctionalInterface
public interface Scheduler {

    /** Schedules {@code task}; the returned handle cancels it if it has not run yet. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task; harmless if it already ran. */
        void cancel();
    }
}
