// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.chat;

import dev.livepipe.chat.StreamState;
import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.PublisherSession;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Tells chat (and anyone else on the event bus) how a stream's broadcast is doing: publishes
 * {@code {"type":"stream.status","status":…,"broadcastId":…}} on
 * {@code livepipe.stream.status.{streamId}} when a broadcast goes live, its publisher drops
 * (reconnecting) or it ends — the address documented in docs/chat-protocol.md.
 *
 * <p>Threading: listener callbacks run under the broadcast registry's lock; publishing on the
 * event bus does not block.
 */
public final class StreamStatusAnnouncer implements BroadcastListener {

    /** The event bus address prefix; the stream id follows. */
    public static final String ADDRESS_PREFIX = "livepipe.stream.status.";

    private final EventBus bus;
    private final Broadcasts broadcasts;

    public StreamStatusAnnouncer(EventBus bus, Broadcasts broadcasts) {
        this.bus = bus;
        this.broadcasts = broadcasts;
    }

    @Override
    public void onSession(Broadcast broadcast, PublisherSession session) {
        announce(broadcast, "live");
    }

    @Override
    public void onPublisherLost(Broadcast broadcast) {
        announce(broadcast, "reconnecting");
    }

    @Override
    public void onEnded(Broadcast broadcast) {
        announce(broadcast, "ended");
    }

    /** The state of {@code streamId} now: its current broadcast's, or {@code offline}. */
    public StreamState current(String streamId) {
        return broadcasts.current(streamId)
                .map(b -> new StreamState(b.state().name().toLowerCase(java.util.Locale.ROOT), b.id()))
                .orElseGet(() -> new StreamState("offline", null));
    }

    private void announce(Broadcast broadcast, String status) {
        bus.publish(ADDRESS_PREFIX + broadcast.streamId(), new JsonObject().put("type", "stream.status")
                .put("status", status).put("broadcastId", broadcast.id()));
    }
}
