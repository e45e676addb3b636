// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time, in submission order, on a shared backing executor (for example a
 * virtual-thread or worker pool). Gives each broadcast (or journal) its own ordering domain
 * without a thread of its own, so one slow stream cannot stall another.
 *
 * <p>Threading: {@link #execute} may be called from any thread. A task that throws is logged by
 * the backing executor's thread and does not stop later tasks.
 */
public final class SerialExecutor implements Executor {

    private final Executor backing;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    public SerialExecutor(Executor backing) {
        this.backing = backing;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        backing.execute(this::runAll);
    }

    private void runAll() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = tasks.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                Thread t = Thread.currentThread();
                t.getUncaughtExceptionHandler().uncaughtException(t, e);
            }
        }
    }
}
