// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serial worker of one session on a shared pool: tasks run one at a time in submission order,
 * each on some pool thread, so a session never holds a thread of its own and one slow session
 * cannot delay another's packets. Packet tasks are bounded ({@link #offerPacket} refuses beyond
 * the capacity); control tasks ({@link #execute}) are few and always accepted. Thread-safe; tasks
 * see each other's effects (the hand-over through the atomic flag orders them).
 */
final class SessionInbox implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SessionInbox.class);
    private static final int BATCH = 64;

    private final Executor pool;
    private final int capacity;
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger packets = new AtomicInteger();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SessionInbox(Executor pool, int capacity) {
        this.pool = pool;
        this.capacity = capacity;
    }

    /** Queues a packet task; false if {@code capacity} packet tasks are already waiting. */
    boolean offerPacket(Runnable task) {
        if (packets.incrementAndGet() > capacity) {
            packets.decrementAndGet();
            return false;
        }
        queue.add(() -> {
            packets.decrementAndGet();
            task.run();
        });
        schedule();
        return true;
    }

    /** Queues a control task. */
    @Override
    public void execute(Runnable task) {
        queue.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                pool.execute(this::drain);
            } catch (RejectedExecutionException e) {
                scheduled.set(false);
                LOG.warn("session worker pool rejected work; {} tasks dropped", queue.size());
                queue.clear();
            }
        }
    }

    private void drain() {
        Runnable task;
        int n = 0;
        while (n++ < BATCH && (task = queue.poll()) != null) {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.warn("session task failed", t);
            }
        }
        scheduled.set(false);
        if (!queue.isEmpty()) {
            schedule();
        }
    }
}
