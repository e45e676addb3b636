// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's chat on this node: the four event bus subscriptions (once per node, not per
 * socket), the room state every node learns from those messages (slow mode, timeouts, pin,
 * stream status, viewer counts), the reaction aggregation, and the fan-out to the local
 * sockets, grouped by event loop ({@link SocketGroup}).
 *
 * <p>Every bus message is encoded once ({@link Outgoing}) and the same text is written to
 * every socket. State the sockets read (slow mode, timeouts, status, counts) is in volatile
 * fields or concurrent maps; it is written only on the room's context.
 *
 * <p><b>Threading:</b> bus handlers and the timer run on the room's context (the event loop
 * of the socket that opened the room). {@link #attach} and {@link #detach} run on the
 * socket's event loop. {@link ChatService} opens and closes rooms and counts their
 * members under its map's lock.
 */
final class ChatRoom {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRoom.class);
    /** Most user ids {@link #bannedHere} remembers (the oldest are forgotten first). */
    static final int MAX_REMEMBERED_BANS = 10_000;
    /** {@link #pinnedId} before the room knows the pin. */
    private static final long PIN_UNKNOWN = -2;

    final String streamId;
    final ReactionCounter reactions = new ReactionCounter();
    /** Sockets that hold a reference, pending ones included; guarded by ChatService's map. */
    int members;

    private final Vertx vertx;
    private final ChatConfig config;
    private final Clock clock;
    private final Context context;
    private final ReactionTallies tallies;
    private final ConcurrentHashMap<Thread, SocketGroup> groups = new ConcurrentHashMap<>();
    private final AtomicInteger sockets = new AtomicInteger();
    private final ConcurrentHashMap<String, Long> lastSend = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> timeouts = new ConcurrentHashMap<>();
    /** Users banned on the bus while this room was open; written on the room's context. */
    private final Set<String> bans = ConcurrentHashMap.newKeySet();
    /** {@link #bans} in the order they were added (room context only). */
    private final ArrayDeque<String> banOrder = new ArrayDeque<>();
    /** The pinned message's id, -1 for none, {@link #PIN_UNKNOWN} until the first join or pin. */
    private final AtomicLong pinnedId = new AtomicLong(PIN_UNKNOWN);
    private final List<MessageConsumer<JsonObject>> consumers;
    private final Future<Void> ready;
    private final long timer;

    private volatile int slowModeSeconds;
    private volatile String status;
    private volatile String broadcastId;
    private volatile long viewersCurrent;
    private volatile long viewersPeak;
    private volatile long clusterSockets = -1;

    // Room context only.
    private long[] pendingBurst;
    private long lastBurstNanos;
    private boolean burstTimerSet;
    private String lastViewers;
    private long lastViewersNanos;
    private boolean closed;

    /** Opens the room on the calling context and subscribes to the stream's addresses. */
    ChatRoom(Vertx vertx, ChatConfig config, ChatStore store, Clock clock, String streamId, StreamState initial) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.streamId = streamId;
        this.context = vertx.getOrCreateContext();
        this.status = initial.status();
        this.broadcastId = isOver(initial.status()) ? null : initial.broadcastId();
        this.tallies = new ReactionTallies(store, clock, streamId, config.reactionFlushInterval());
        var bus = vertx.eventBus();
        consumers = List.of(
                bus.<JsonObject>consumer(ChatAddresses.chat(streamId), m -> onChat(m.body())),
                bus.<JsonObject>consumer(ChatAddresses.reactions(streamId), m -> onBurst(m.body())),
                bus.<JsonObject>consumer(ChatAddresses.viewers(streamId), m -> onViewers(m.body())),
                bus.<JsonObject>consumer(ChatAddresses.streamStatus(streamId), m -> onStatus(m.body())));
        ready = Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
        timer = vertx.setPeriodic(config.burstInterval().toMillis(), id -> tick());
        lastBurstNanos = System.nanoTime() - config.burstInterval().toNanos();
    }

    /** Completes once the subscriptions are registered (on any thread). */
    Future<Void> ready() {
        return ready;
    }

    /** Adds a socket to the group of the calling event loop. */
    void attach(ChatConnection connection) {
        groups.computeIfAbsent(Thread.currentThread(), t -> new SocketGroup(t, vertx.getOrCreateContext()))
                .add(connection);
        sockets.incrementAndGet();
    }

    /** Removes a socket; call on the event loop that attached it. */
    void detach(ChatConnection connection) {
        SocketGroup group = groups.get(Thread.currentThread());
        if (group != null) {
            group.remove(connection);
            sockets.decrementAndGet();
        }
    }

    int sockets() {
        return sockets.get();
    }

    int slowModeSeconds() {
        return slowModeSeconds;
    }

    String status() {
        return status;
    }

    /**
     * The pin a joining socket read from the database ({@code -1} for none); taken only while
     * the room knows no pin yet, since a later bus message is newer than any read.
     */
    void learnPinned(long id) {
        pinnedId.compareAndSet(PIN_UNKNOWN, id);
    }

    /**
     * Whether the user was banned on the bus while this room was open (the last
     * {@value #MAX_REMEMBERED_BANS} bans). A socket that attached after the ban was fanned out
     * never received it; it checks here after attaching (and its join re-checks the database).
     */
    boolean bannedHere(String userId) {
        return bans.contains(userId);
    }

    /** The current broadcast as a UUID, or {@code null}. */
    UUID broadcastUuid() {
        return parseUuid(broadcastId);
    }

    JsonObject viewerCounts() {
        return ChatMessages.viewerCounts(viewersCurrent, viewersPeak, socketsShown());
    }

    /** Until when (epoch millis) the user is timed out, or 0. */
    long timedOutUntil(String userId) {
        Long until = timeouts.get(userId);
        return until == null ? 0 : until;
    }

    /**
     * Slow mode: records a send by a user at {@code nowMillis} unless the user sent less
     * than the slow-mode interval ago. Moderators are not asked.
     *
     * @return 0 when the send may go ahead, otherwise the seconds left to wait
     */
    long trySlowModeSend(String userId, long nowMillis) {
        int seconds = slowModeSeconds;
        if (seconds <= 0) {
            lastSend.put(userId, nowMillis);
            return 0;
        }
        long[] wait = {0};
        lastSend.compute(userId, (k, last) -> {
            long earliest = last == null ? Long.MIN_VALUE : last + seconds * 1000L;
            if (nowMillis < earliest) {
                wait[0] = Math.max(1, (earliest - nowMillis + 999) / 1000);
                return last;
            }
            return nowMillis;
        });
        return wait[0];
    }

    /** The name of a user connected here, or {@code null}. */
    String localName(String userId) {
        for (SocketGroup group : groups.values()) {
            for (ChatConnection c : group.members()) {
                if (c.user().id().equals(userId)) {
                    return c.user().name();
                }
            }
        }
        return null;
    }

    /** Every socket of the room on this node (a snapshot). */
    List<ChatConnection> connections() {
        return groups.values().stream().flatMap(g -> java.util.Arrays.stream(g.members())).toList();
    }

    private void fanOut(Outgoing message) {
        for (SocketGroup group : groups.values()) {
            group.deliver(message);
        }
    }

    private void onChat(JsonObject body) {
        switch (body.getString("type", "")) {
            case "chat.pinned" -> {
                JsonObject message = body.getJsonObject("message");
                pinnedId.set(message == null ? -1 : message.getLong("id", -1L));
            }
            case "chat.deleted" -> {
                Long id = body.getLong("id");
                if (id != null) {
                    pinnedId.compareAndSet(id, -1);
                }
            }
            case "user.banned" -> rememberBan(body.getString("userId"));
            case "user.timedout" -> {
                try {
                    timeouts.put(body.getString("userId"), Instant.parse(body.getString("until")).toEpochMilli());
                } catch (RuntimeException e) {
                    LOG.warn("stream {}: ignoring malformed user.timedout {}", streamId, body);
                }
            }
            case "slowmode" -> slowModeSeconds = body.getInteger("seconds", 0);
            default -> {
            }
        }
        fanOut(Outgoing.of(body));
    }

    private void onStatus(JsonObject body) {
        String newStatus = body.getString("status");
        if (newStatus == null) {
            return;
        }
        String newBroadcast = isOver(newStatus) ? null : body.getString("broadcastId");
        // Ended or offline: the broadcast's reactions are stored now and later messages and
        // reactions belong to no broadcast. A new broadcast: the old one's reactions are stored.
        if ((isOver(newStatus) && broadcastId != null)
                || (newBroadcast != null && !newBroadcast.equals(broadcastId))) {
            publishLocalReactions();
            tallies.flush(parseUuid(broadcastId));
            broadcastId = newBroadcast;
        }
        status = newStatus;
        fanOut(Outgoing.of(ChatMessages.status(newStatus)));
    }

    /** {@code ended} and {@code offline}: no broadcast is running. */
    private static boolean isOver(String status) {
        return "ended".equals(status) || "offline".equals(status);
    }

    private void rememberBan(String userId) {
        if (userId == null || !bans.add(userId)) {
            return;
        }
        banOrder.addLast(userId);
        if (banOrder.size() > MAX_REMEMBERED_BANS) {
            bans.remove(banOrder.removeFirst());
        }
    }

    private void onViewers(JsonObject body) {
        // Figures of another broadcast (an ended one whose viewers are still leaving while a new
        // one is live) would make the counts flip between the two.
        String of = body.getString("broadcastId");
        String current = broadcastId;
        if (of != null && current != null && !of.equals(current)) {
            return;
        }
        viewersCurrent = body.getLong("current", viewersCurrent);
        viewersPeak = body.getLong("peak", viewersPeak);
        Long cluster = body.getLong("sockets");
        clusterSockets = cluster == null ? -1 : cluster;
    }

    private long socketsShown() {
        long cluster = clusterSockets;
        return cluster >= 0 ? cluster : sockets.get();
    }

    /** A burst from any node (this one included): merged, sent at most once per interval. */
    private void onBurst(JsonObject body) {
        JsonObject counts = body.getJsonObject("counts");
        if (counts == null || closed) {
            return;
        }
        if (pendingBurst == null) {
            pendingBurst = new long[Reaction.count()];
        }
        for (String name : counts.fieldNames()) {
            Reaction reaction = Reaction.parse(name);
            Object n = counts.getValue(name);
            if (reaction != null && n instanceof Number number && number.longValue() > 0) {
                pendingBurst[reaction.ordinal()] += number.longValue();
            }
        }
        long wait = lastBurstNanos + config.burstInterval().toNanos() - System.nanoTime();
        if (wait <= 0) {
            emitBurst();
        } else if (!burstTimerSet) {
            burstTimerSet = true;
            vertx.setTimer(Math.max(1, (wait + 999_999) / 1_000_000), id -> {
                burstTimerSet = false;
                emitBurst();
            });
        }
    }

    private void emitBurst() {
        if (pendingBurst == null || closed) {
            return;
        }
        long[] counts = pendingBurst;
        pendingBurst = null;
        lastBurstNanos = System.nanoTime();
        fanOut(Outgoing.of(ChatMessages.burst(counts, config.burstInterval().toMillis())));
    }

    /** Publishes the reactions this node's sockets sent since the last call and tallies them for the broadcast. */
    private void publishLocalReactions() {
        long[] local = reactions.drain();
        if (local != null) {
            vertx.eventBus().publish(ChatAddresses.reactions(streamId),
                    ChatMessages.burst(local, config.burstInterval().toMillis()));
            tallies.add(parseUuid(broadcastId), local);
        }
    }

    private void tick() {
        publishLocalReactions();
        tallies.flushIfDue(parseUuid(broadcastId));
        long now = System.nanoTime();
        if (now - lastViewersNanos >= config.viewersInterval().toNanos()) {
            JsonObject update = ChatMessages.viewers(viewersCurrent, viewersPeak, socketsShown());
            String text = update.encode();
            if (!text.equals(lastViewers)) {
                lastViewers = text;
                lastViewersNanos = now;
                fanOut(Outgoing.of(text, -1, true, null));
            }
            forgetExpired();
        }
    }

    /** Drops ended timeouts and slow-mode entries older than the longest slow mode. */
    private void forgetExpired() {
        long nowMillis = clock.millis();
        timeouts.values().removeIf(until -> until <= nowMillis);
        long horizon = nowMillis - ChatModeration.MAX_SLOW_MODE_SECONDS * 1000L;
        lastSend.values().removeIf(at -> at < horizon);
    }

    /** Unsubscribes, stops the timer and stores the reaction tallies; on any thread. */
    void close() {
        context.runOnContext(v -> {
            closed = true;
            vertx.cancelTimer(timer);
            consumers.forEach(MessageConsumer::unregister);
            long[] local = reactions.drain();
            if (local != null) {
                tallies.add(parseUuid(broadcastId), local);
            }
            tallies.flush(parseUuid(broadcastId));
        });
    }

    /** State for {@code describe()}. */
    JsonObject describe() {
        return new JsonObject().put("streamId", streamId).put("sockets", sockets.get()).put("status", status)
                .put("slowModeSeconds", slowModeSeconds).put("timeouts", timeouts.size())
                .put("pinnedId", pinnedId.get() >= 0 ? pinnedId.get() : null).put("bans", bans.size())
                .put("eventLoops", groups.size())
                .put("batchedWrites", connections().stream().allMatch(ChatConnection::directWrites));
    }

    private static UUID parseUuid(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static Map<String, Long> byName(long[] counts) {
        Map<String, Long> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                map.put(Reaction.at(i).wire(), counts[i]);
            }
        }
        return map;
    }
}
