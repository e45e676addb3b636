// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Counts a live broadcast's chat and reactions from the event bus: every {@code chat.message}
 * on {@link AnalyticsAddresses#chat} is one message; the {@code counts} of every
 * {@code reaction.burst} on {@link AnalyticsAddresses#reactions} are added up. Other message
 * types and malformed bodies (not a JSON object, negative or non-numeric counts) are ignored.
 *
 * <p>Threading: handlers run on the event loop Vert.x picked at registration; {@link #close()}
 * may be called from any thread.
 */
final class EngagementSubscription {

    /** One burst cannot add more than this (a node sends at most a few hundred per 250 ms). */
    private static final long MAX_PER_BURST = 1_000_000;

    private final MessageConsumer<Object> chat;
    private final MessageConsumer<Object> reactions;

    private EngagementSubscription(MessageConsumer<Object> chat, MessageConsumer<Object> reactions) {
        this.chat = chat;
        this.reactions = reactions;
    }

    /** Starts counting into {@code stats}. */
    static EngagementSubscription subscribe(EventBus bus, String streamId, BroadcastStats stats) {
        MessageConsumer<Object> chat = bus.consumer(AnalyticsAddresses.chat(streamId), m -> {
            JsonObject body = json(m);
            if (body != null && "chat.message".equals(body.getValue("type"))) {
                stats.chatMessage();
            }
        });
        MessageConsumer<Object> reactions = bus.consumer(AnalyticsAddresses.reactions(streamId), m -> {
            JsonObject body = json(m);
            if (body != null && "reaction.burst".equals(body.getValue("type"))) {
                stats.reactions(sum(body.getValue("counts")));
            }
        });
        return new EngagementSubscription(chat, reactions);
    }

    /** Completes when both consumers are registered (messages published before may be missed). */
    Future<Void> ready() {
        return Future.join(chat.completion(), reactions.completion()).mapEmpty();
    }

    /** Stops counting. */
    Future<Void> close() {
        return Future.join(chat.unregister(), reactions.unregister()).mapEmpty();
    }

    private static long sum(Object counts) {
        if (!(counts instanceof JsonObject o)) {
            return 0;
        }
        long total = 0;
        for (String k : o.fieldNames()) {
            if (o.getValue(k) instanceof Number n && n.longValue() > 0) {
                total += Math.min(n.longValue(), MAX_PER_BURST);
            }
        }
        return Math.min(total, MAX_PER_BURST);
    }

    private static JsonObject json(Message<Object> m) {
        Object body = m.body();
        try {
            if (body instanceof JsonObject o) {
                return o;
            }
            if (body instanceof String s) {
                return new JsonObject(s);
            }
            if (body instanceof Buffer b) {
                return new JsonObject(b);
            }
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
        return null;
    }
}
