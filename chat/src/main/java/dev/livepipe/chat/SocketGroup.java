// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sockets of one room that live on one event loop. A room hands each message to every
 * group once; the group writes it to its sockets on their own event loop, so a fan-out
 * costs one task per event loop, not one per socket, and sockets are only touched on their
 * own thread.
 *
 * <p>Messages are queued and written by one task on the group's event loop; messages that
 * arrive while that task is pending join its batch and leave as one {@code batch} frame
 * ({@link Outgoing#batch}), so under load each socket gets fewer, larger frames, and when idle
 * a message leaves at once on its own.
 *
 * <p><b>Threading:</b> {@link #add}, {@link #remove} and the writes run on the group's event
 * loop ({@link #thread}); {@link #deliver} and {@link #members} may be called from any
 * thread. The member array is replaced (copy on write) so a delivery iterates a snapshot.
 */
final class SocketGroup {

    private static final ChatConnection[] EMPTY = new ChatConnection[0];

    private final Thread thread;
    private final Context context;
    private volatile ChatConnection[] members = EMPTY;
    private final ConcurrentLinkedQueue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /** Creates the group of the calling event loop. */
    SocketGroup(Thread thread, Context context) {
        this.thread = thread;
        this.context = context;
    }

    void add(ChatConnection connection) {
        ChatConnection[] current = members;
        ChatConnection[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = connection;
        members = next;
    }

    void remove(ChatConnection connection) {
        ChatConnection[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == connection) {
                ChatConnection[] next = new ChatConnection[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                members = next;
                return;
            }
        }
    }

    /** A snapshot of the members (for look-ups by user; read-only). */
    ChatConnection[] members() {
        return members;
    }

    /** Queues the message for every member; written on the group's event loop. */
    void deliver(Outgoing message) {
        queue.add(message);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(v -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        List<Outgoing> batch = new ArrayList<>();
        for (Outgoing m = queue.poll(); m != null; m = queue.poll()) {
            batch.add(m);
        }
        if (batch.isEmpty()) {
            return;
        }
        // Messages that queued up while this task was pending leave as one "batch" frame,
        // combined once here for every socket: under load a socket gets fewer, larger frames
        // (self-regulating, like Nagle's algorithm); when idle each message leaves on its own.
        Outgoing whole = batch.size() > 1 ? Outgoing.batch(batch) : null;
        for (ChatConnection connection : members) {
            connection.deliver(batch, whole);
        }
    }
}
