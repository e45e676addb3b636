// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.BroadcastSink;
import dev.livepipe.media.MediaType;
import dev.livepipe.media.PublisherSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test reader of the hub: attaches to every broadcast as it starts and records, per stream id,
 * the sessions and access units that arrive, as any real reader would see them.
 */
final class HubRecorder implements BroadcastListener, AutoCloseable {

    /** What one stream's reader saw. */
    static final class Seen {
        final List<PublisherSession> sessions = new CopyOnWriteArrayList<>();
        final List<AccessUnit> units = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        List<AccessUnit> units(MediaType type) {
            List<AccessUnit> out = new ArrayList<>();
            for (AccessUnit u : units) {
                if (u.track().mediaType() == type) {
                    out.add(u);
                }
            }
            return out;
        }
    }

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Map<String, Seen> byStream = new ConcurrentHashMap<>();
    private final List<String> started = new CopyOnWriteArrayList<>();

    @Override
    public void onStarted(Broadcast broadcast) {
        started.add(broadcast.streamId());
        Seen seen = byStream.computeIfAbsent(broadcast.streamId(), k -> new Seen());
        broadcast.addReader("test", new BroadcastSink() {
            @Override
            public void onSession(PublisherSession session) {
                seen.sessions.add(session);
            }

            @Override
            public void onAccessUnit(AccessUnit unit) {
                seen.units.add(unit);
            }

            @Override
            public void onEnd() {
                seen.ended = true;
            }
        }, executor);
    }

    /** Stream ids of every broadcast that started. */
    List<String> started() {
        return List.copyOf(started);
    }

    /** What the reader of {@code streamId} saw (empty if it never started). */
    Seen seen(String streamId) {
        return byStream.computeIfAbsent(streamId, k -> new Seen());
    }

    /** Waits until {@code streamId}'s reader saw at least {@code count} access units. */
    boolean awaitUnits(String streamId, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (seen(streamId).units.size() >= count) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
