// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader of a broadcast: a bounded queue between the publisher and a {@link BroadcastSink},
 * drained serially on the reader's own executor so a slow reader never blocks the publisher or
 * any other reader.
 *
 * <p>Overflow: when more than {@code capacity} access units wait, new ones are dropped and
 * counted until the next video keyframe (or audio frame, for audio-only sessions), where the
 * reader resumes. Session, lost and end events are never dropped.
 *
 * <p>Hand-off: by default every event is one task on {@code executor}, delivered at once. A sink
 * that {@link BroadcastSink#acceptsBatches() accepts batches} gets its access units held back
 * (queued, no task) until the next resume point, {@link #MAX_BATCH} units, or any other event;
 * one task then delivers them all. At 30 fps video plus AAC that is a handful of tasks per GOP
 * instead of about 77 per second, each of which woke a pool thread.
 *
 * <p>Threading: {@code offer*} methods are called by the publisher thread (one at a time); the
 * sink runs on {@code executor}. {@link #close()} may be called from any thread.
 */
public final class BroadcastReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastReader.class);

    /** At most this many access units are held back for a sink that accepts batches. */
    public static final int MAX_BATCH = 32;

    private final String name;
    private final BroadcastSink sink;
    private final Executor executor;
    private final int capacity;
    private final Runnable onClose;
    private final int batchLimit; // 1: every unit is handed over at once
    private final Queue<Consumer<BroadcastSink>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingUnits = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;
    private boolean skipToKeyframe; // publisher thread only
    private boolean sessionHasVideo; // publisher thread only
    private int held; // publisher side: units queued since the last hand-over (a hint, not a count)

    BroadcastReader(String name, BroadcastSink sink, Executor executor, int capacity, Runnable onClose) {
        this.name = name;
        this.sink = sink;
        this.executor = executor;
        this.capacity = capacity;
        this.onClose = onClose;
        this.batchLimit = sink.acceptsBatches() ? Math.max(1, Math.min(MAX_BATCH, capacity / 4)) : 1;
    }

    /** The name given at attach time (for logs and {@code describe()}). */
    public String name() {
        return name;
    }

    /** Access units dropped so far because this reader fell behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Access units waiting to be delivered. */
    public int pending() {
        return pendingUnits.get();
    }

    void offerSession(PublisherSession session) {
        sessionHasVideo = session.video().isPresent();
        skipToKeyframe = true;
        enqueue(s -> s.onSession(session));
    }

    void offerUnit(AccessUnit unit) {
        if (closed) {
            return;
        }
        boolean resumePoint = unit.keyframe()
                && (!sessionHasVideo || unit.track().mediaType() == MediaType.VIDEO);
        if (skipToKeyframe) {
            if (!resumePoint) {
                return; // before the first keyframe: not a drop, nothing decodable yet
            }
            skipToKeyframe = false;
        }
        if (pendingUnits.get() >= capacity) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 1000 == 0) {
                LOG.warn("[reader {}] too slow: {} access units dropped so far, resuming at next keyframe",
                        name, n);
            }
            skipToKeyframe = true;
            return;
        }
        pendingUnits.incrementAndGet();
        queue.add(s -> {
            pendingUnits.decrementAndGet();
            s.onAccessUnit(unit);
        });
        if (resumePoint || ++held >= batchLimit) {
            handOver();
        }
    }

    void offerPublisherLost() {
        enqueue(BroadcastSink::onPublisherLost);
    }

    void offerEnd() {
        enqueue(s -> {
            s.onEnd();
            closed = true;
        });
    }

    private void enqueue(Consumer<BroadcastSink> event) {
        if (closed) {
            return;
        }
        queue.add(event);
        handOver();
    }

    /** Makes sure a task drains the queue (everything queued so far, held units included). */
    private void handOver() {
        held = 0;
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        while (true) {
            Consumer<BroadcastSink> event;
            while ((event = queue.poll()) != null) {
                if (closed) {
                    queue.clear();
                    break;
                }
                try {
                    event.accept(sink);
                } catch (RuntimeException e) {
                    LOG.error("[reader {}] failed; detaching it", name, e);
                    close();
                }
            }
            draining.set(false);
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** Detaches this reader; queued events are discarded and the sink hears nothing more. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
