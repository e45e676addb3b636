// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.broadcasts.BroadcastStatus;
import dev.livepipe.storage.broadcasts.PublisherInfo;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the life of every broadcast into PostgreSQL (started, reconnected, reconnecting,
 * ended). Listener callbacks arrive under the hub's lock on an event loop, so each write is
 * handed to {@code writer}, a serial executor on worker threads that keeps the rows in event order.
 */
final class BroadcastJournal implements BroadcastListener {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastJournal.class);

    private final BroadcastRepository repository;
    private final Executor writer;

    BroadcastJournal(BroadcastRepository repository, Executor writer) {
        this.repository = repository;
        this.writer = writer;
    }

    @Override
    public void onSession(Broadcast b, PublisherSession s) {
        PublisherInfo who = new PublisherInfo(s.publisher().protocol(), s.publisher().remoteAddress(),
                s.publisher().software());
        UUID id = UUID.fromString(b.id());
        if (s.sequence() == 0) {
            run("start", b, () -> repository.start(id, b.streamId(), b.startedAt(), who));
        } else {
            run("reconnect", b, () -> repository.recordReconnect(id, who));
        }
    }

    @Override
    public void onPublisherLost(Broadcast b) {
        run("reconnecting", b, () -> repository.updateStatus(UUID.fromString(b.id()), BroadcastStatus.RECONNECTING));
    }

    @Override
    public void onEnded(Broadcast b) {
        run("end", b, () -> repository.end(UUID.fromString(b.id()), b.endedAt().orElseThrow()));
    }

    private void run(String what, Broadcast b, Runnable write) {
        writer.execute(() -> {
            try {
                write.run();
            } catch (RuntimeException e) {
                LOG.error("[stream {}] could not record broadcast {} ({})", b.streamId(), b.id(), what, e);
            }
        });
    }
}
