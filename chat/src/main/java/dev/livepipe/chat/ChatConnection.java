// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import dev.livepipe.storage.chat.NewChatMessage;
import dev.livepipe.storage.chat.StoredChatMessage;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One chat socket: reads and checks client requests, applies the per-connection limits
 * (rate limit, reactions per second, refusals before "abusive"), answers errors, and
 * writes what the room fans out.
 *
 * <p>Joining: the socket is attached to the room first and buffers what the room delivers
 * while {@code welcome} and {@code chat.history} are prepared; then it writes welcome,
 * history, and the buffered messages that the history does not already hold. So a client
 * sees every message exactly once, in the order the room delivered them after the history.
 *
 * <p><b>Threading:</b> everything runs on the socket's event loop; the room calls
 * {@link #deliver} there too (through {@link SocketGroup}). Owns the socket.
 */
final class ChatConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ChatConnection.class);
    /** Close codes of docs/chat-protocol.md. */
    static final short POLICY = 1008;
    static final short GOING_AWAY = 1001;
    static final short TRY_AGAIN_LATER = 1013;
    static final short INTERNAL_ERROR = 1011;
    static final short BANNED = 4003;
    static final short NO_RESPONSE = 4408;
    /** How long a socket's outbound buffer may stay above its high-water mark. */
    private static final long SLOW_CLIENT_NANOS = 5_000_000_000L;
    /** How long after the history its ids are checked against live deliveries. */
    private static final long HISTORY_OVERLAP_NANOS = 30_000_000_000L;
    /** Pings a connection may send per second; more are refused ({@code rate_limited}). */
    static final int PINGS_PER_SECOND = 5;

    private final ChatService service;
    private final ChatRoom room;
    private final ChatUser user;
    private final ServerWebSocket ws;
    private final String address;
    private final Context context;
    private final Clock clock;
    private final ChatConfig config;
    private final RateWindow chatWindow;
    private final RateWindow reactionWindow;
    private final RateWindow pingWindow;
    private final RateWindow refusalWindow;
    private final FrameWriter writer;

    private List<Outgoing> backlog = new ArrayList<>();
    /**
     * Ids in the history sent, kept for {@link #HISTORY_OVERLAP_NANOS} after it: messages of
     * different senders can reach the room out of id order, so a live delivery of an id the
     * history already held may come after newer ones.
     */
    private Set<Long> historyIds = Set.of();
    private long historyForgetAt;
    private volatile boolean closed;
    /** When the outbound buffer was first seen full (System.nanoTime), or 0. */
    private long fullSince;
    /** When the peer last sent anything, a pong included (System.nanoTime). */
    private long lastHeardNanos = System.nanoTime();
    private long pingTimer = -1;
    /** The last chat insert; the next one waits for it so a sender's messages keep their order. */
    private io.vertx.core.Future<?> lastInsert = io.vertx.core.Future.succeededFuture();

    ChatConnection(ChatService service, ChatRoom room, ChatUser user, ServerWebSocket ws, io.netty.channel.Channel channel,
            String address) {
        this.service = service;
        this.room = room;
        this.user = user;
        this.ws = ws;
        this.address = address;
        this.context = service.vertx().getOrCreateContext();
        this.clock = service.clock();
        this.config = service.config();
        this.chatWindow = new RateWindow(config.messagesPerInterval(), config.interval().toMillis());
        this.reactionWindow = new RateWindow(config.reactionsPerSecond(), 1000);
        this.pingWindow = new RateWindow(PINGS_PER_SECOND, 1000);
        this.refusalWindow = new RateWindow(config.refusalsBeforeClose(), config.refusalWindow().toMillis());
        this.writer = new FrameWriter(ws, channel);
    }

    /** Whether fan-out frames bypass Vert.x's per-frame flush (see {@link FrameWriter}). */
    boolean directWrites() {
        return writer.direct();
    }

    ChatUser user() {
        return user;
    }

    ChatRoom room() {
        return room;
    }

    ChatService service() {
        return service;
    }

    Vertx vertx() {
        return service.vertx();
    }

    /** Starts the join: attach, load history, then welcome. */
    void start(Long since) {
        ws.pause();
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(b -> {
            heard();
            refuse(ErrorCode.INVALID_JSON, "frames must be text holding a JSON object", null);
        });
        ws.pongHandler(b -> heard());
        pingTimer = vertx().setPeriodic(config.pingInterval().toMillis(), id -> checkAlive());
        ws.exceptionHandler(e -> LOG.debug("stream {} {}: socket error: {}", room.streamId, address, e.toString()));
        ws.closeHandler(v -> onClosed());
        room.attach(this);
        // A ban fanned out between the admission check and attach() never reached this socket.
        if (room.bannedHere(user.id())) {
            closeBanned();
            return;
        }
        room.ready().onComplete(ready -> context.runOnContext(v -> {
            if (closed) {
                return;
            }
            if (ready.failed()) {
                fail(ready.cause());
                return;
            }
            int limit = since == null ? config.historySize() : config.maxMissed();
            service.store().join(room.streamId, user.id(), since, limit).onComplete(join -> {
                if (closed) {
                    return;
                }
                if (join.failed()) {
                    fail(join.cause());
                    return;
                }
                goLive(join.result());
            });
        }));
    }

    private void goLive(ChatStore.Join join) {
        // The join re-checks the ban: one stored after the admission check (and published
        // before this socket attached, or before this node's room opened) ends the join here.
        if (join.banned() || room.bannedHere(user.id())) {
            closeBanned();
            return;
        }
        room.learnPinned(join.pinned().map(StoredChatMessage::id).orElse(-1L));
        JsonObject pinned = join.pinned().map(ChatMessages::chatMessage).orElse(null);
        writeText(ChatMessages.welcome(user, config, room.slowModeSeconds(), room.viewerCounts(), room.status(),
                pinned).encode());
        Set<Long> ids = new HashSet<>();
        for (StoredChatMessage m : join.history().messages()) {
            ids.add(m.id());
        }
        historyIds = ids;
        writeText(ChatMessages.history(join.history().messages(), join.history().truncated(),
                join.history().deleted()).encode());
        historyForgetAt = System.nanoTime() + HISTORY_OVERLAP_NANOS;
        List<Outgoing> buffered = backlog;
        backlog = null;
        deliver(buffered);
        ws.resume();
    }

    private void closeBanned() {
        LOG.info("stream {} {}: closing a joining socket of banned user {}", room.streamId, address, user.id());
        backlog = null;
        close(BANNED, "banned");
        ws.resume();
    }

    private void fail(Throwable cause) {
        LOG.warn("stream {} {}: chat join failed: {}", room.streamId, address, cause.toString());
        close(INTERNAL_ERROR, "unavailable");
    }

    /**
     * Writes a batch of room messages with one flush; buffers them while joining. On the
     * socket's event loop.
     */
    void deliver(List<Outgoing> batch) {
        deliver(batch, null);
    }

    /**
     * As {@link #deliver(List)}, with the batch already combined into one {@code batch} frame
     * by the caller ({@code whole}, shared by every socket of the group; may be null): when
     * every message of the batch is for this socket, that frame is written as it is.
     */
    void deliver(List<Outgoing> batch, Outgoing whole) {
        if (closed) {
            return;
        }
        if (backlog != null) {
            backlog.addAll(batch);
            if (backlog.size() > config.maxMissed()) {
                // The join is stuck (database slow): rather than buffer the room without bound,
                // send the client away to reconnect with since.
                LOG.info("stream {} {}: closing a socket whose join fell {} messages behind", room.streamId, address,
                        backlog.size());
                backlog = null;
                close(TRY_AGAIN_LATER, "too slow; reconnect with since");
            }
            return;
        }
        boolean full = writer.full();
        long now = System.nanoTime();
        if (!historyIds.isEmpty() && now - historyForgetAt > 0) {
            historyIds = Set.of();
        }
        List<Outgoing> out = new ArrayList<>(batch.size());
        boolean closeAfter = false;
        for (Outgoing message : batch) {
            if (message.chatId() >= 0 && historyIds.contains(message.chatId())) {
                continue;
            }
            if (full) {
                if (message.droppable()) {
                    continue;
                }
                if (fullSince == 0) {
                    fullSince = now;
                } else if (now - fullSince > SLOW_CLIENT_NANOS) {
                    writer.flush();
                    LOG.info("stream {} {}: closing a socket that does not keep up", room.streamId, address);
                    close(TRY_AGAIN_LATER, "too slow; reconnect with since");
                    return;
                }
            } else {
                fullSince = 0;
            }
            out.add(message);
            if (user.id().equals(message.closeUserId())) {
                closeAfter = true;
                break;
            }
        }
        if (out.size() == 1) {
            writer.write(out.get(0));
        } else if (!out.isEmpty()) {
            writer.write(whole != null && out.size() == batch.size() ? whole : Outgoing.batch(out));
        }
        writer.flush();
        if (closeAfter) {
            close(BANNED, "banned");
        }
    }

    /**
     * Writes to this socket only (replies, errors). Skipped while the outbound buffer is above
     * its high-water mark: a client that sends requests and does not read gets no answers
     * rather than a buffer that grows without bound.
     */
    void reply(JsonObject message) {
        if (!closed && !writer.full()) {
            writeText(message.encode());
        }
    }

    private void writeText(String text) {
        writer.send(text);
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
    }

    /**
     * Every ping interval: closes the socket when its peer has been silent (no frame, no pong)
     * for the ping timeout, otherwise pings it. A peer that vanished without closing its TCP
     * connection would otherwise hold its socket, its per-address slot and its place in the
     * presence count until the kernel gives up, which on a quiet chat is never.
     */
    private void checkAlive() {
        if (closed) {
            vertx().cancelTimer(pingTimer);
            return;
        }
        if (System.nanoTime() - lastHeardNanos > config.pingTimeout().toNanos()) {
            LOG.info("stream {} {}: closing a socket that did not answer pings for {} s", room.streamId, address,
                    config.pingTimeout().toSeconds());
            close(NO_RESPONSE, "no response to ping");
            return;
        }
        writer.ping();
    }

    private void onText(String text) {
        heard();
        if (closed) {
            return;
        }
        if (TextRules.longerThanBytes(text, config.maxFrameBytes())) {
            abusive("frame larger than " + config.maxFrameBytes() + " bytes");
            return;
        }
        JsonObject request;
        try {
            Object parsed = Json.decodeValue(text);
            if (!(parsed instanceof JsonObject object)) {
                refuse(ErrorCode.INVALID_JSON, "a frame must hold one JSON object", null);
                return;
            }
            request = object;
        } catch (DecodeException e) {
            refuse(ErrorCode.INVALID_JSON, "a frame must hold one JSON object", null);
            return;
        }
        Object refValue = request.getValue("ref");
        if (refValue != null && (!(refValue instanceof String s) || s.length() > 64)) {
            refuse(ErrorCode.INVALID_MESSAGE, "ref must be a string of at most 64 characters", null);
            return;
        }
        String ref = (String) refValue;
        if (room.bannedHere(user.id())) {
            close(BANNED, "banned");
            return;
        }
        if (!(request.getValue("type") instanceof String type)) {
            refuse(ErrorCode.INVALID_MESSAGE, "type must be a string", ref);
            return;
        }
        switch (type) {
            case "chat.send" -> onSend(request, ref);
            case "reaction.send" -> onReaction(request, ref);
            case "ping" -> onPing(ref);
            case "chat.delete", "chat.pin", "user.timeout", "user.ban", "slowmode.set" ->
                    ChatModeration.handle(this, type, request, ref);
            default -> refuse(ErrorCode.UNKNOWN_TYPE, "unknown type", ref);
        }
    }

    private void onSend(JsonObject request, String ref) {
        if (!(request.getValue("text") instanceof String raw)) {
            refuse(ErrorCode.INVALID_MESSAGE, "text must be a string", ref);
            return;
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            refuse(ErrorCode.INVALID_MESSAGE, "text is empty", ref);
            return;
        }
        if (!TextRules.wellFormed(text)) {
            refuse(ErrorCode.INVALID_MESSAGE, "text is not valid Unicode", ref);
            return;
        }
        if (TextRules.length(text) > config.maxTextLength()) {
            refuse(ErrorCode.TEXT_TOO_LONG, "text is longer than " + config.maxTextLength() + " characters", ref);
            return;
        }
        if (TextRules.hasControlCharacters(text)) {
            refuse(ErrorCode.CONTROL_CHARACTERS, "text holds control characters", ref);
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long nowMillis = now.toEpochMilli();
        long until = room.timedOutUntil(user.id());
        if (until > nowMillis) {
            refuse(ErrorCode.TIMED_OUT, "timed out until " + Instant.ofEpochMilli(until), ref);
            return;
        }
        // The rate limit first: a send it refuses must not start the user's slow-mode wait.
        if (!chatWindow.tryAcquire(nowMillis)) {
            refuse(ErrorCode.RATE_LIMITED, "at most " + config.messagesPerInterval() + " messages per "
                    + config.interval().toSeconds() + " s", ref);
            return;
        }
        if (!user.moderates()) {
            long wait = room.trySlowModeSend(user.id(), nowMillis);
            if (wait > 0) {
                refuse(ErrorCode.SLOW_MODE, "slow mode: wait " + wait + " s", ref);
                return;
            }
        }
        NewChatMessage message = new NewChatMessage(room.streamId, room.broadcastUuid(), user.id(), user.name(),
                user.role(), text, now);
        io.vertx.core.Future<StoredChatMessage> insert =
                lastInsert.transform(previous -> service.store().insert(message));
        lastInsert = insert;
        insert.onComplete(stored -> {
            if (stored.succeeded()) {
                vertx().eventBus().publish(ChatAddresses.chat(room.streamId),
                        ChatMessages.chatMessage(stored.result()));
            } else {
                LOG.warn("stream {} {}: could not store a chat message: {}", room.streamId, address,
                        stored.cause().toString());
                reply(ChatMessages.error(ErrorCode.UNAVAILABLE, "the message could not be stored", ref));
            }
        });
    }

    private void onPing(String ref) {
        if (!pingWindow.tryAcquire(clock.millis())) {
            refuse(ErrorCode.RATE_LIMITED, "at most " + PINGS_PER_SECOND + " pings per second", ref);
            return;
        }
        reply(ChatMessages.pong());
    }

    private void onReaction(JsonObject request, String ref) {
        Reaction reaction = request.getValue("reaction") instanceof String name ? Reaction.parse(name) : null;
        if (reaction == null) {
            refuse(ErrorCode.INVALID_MESSAGE, "reaction must be one of " + Reaction.names().encode(), ref);
            return;
        }
        if (reactionWindow.tryAcquire(clock.millis())) {
            room.reactions.add(reaction);
        }
    }

    /** Answers a refused request with {@code error}; too many refusals close the socket. */
    void refuse(ErrorCode code, String message, String ref) {
        if (closed) {
            return;
        }
        if (!refusalWindow.tryAcquire(clock.millis())) {
            abusive("more than " + config.refusalsBeforeClose() + " refused requests in "
                    + config.refusalWindow().toSeconds() + " s");
            return;
        }
        reply(ChatMessages.error(code, message, ref));
    }

    private void abusive(String reason) {
        LOG.info("stream {} {} ({}): closing an abusive socket: {}", room.streamId, address, user.id(), reason);
        reply(ChatMessages.error(ErrorCode.ABUSIVE, reason, null));
        close(POLICY, "abusive");
    }

    /** Closes the socket with a close code; idempotent. Any thread for shutdown. */
    io.vertx.core.Future<Void> close(short code, String reason) {
        closed = true;
        return ws.close(code, reason);
    }

    private void onClosed() {
        closed = true;
        if (pingTimer >= 0) {
            vertx().cancelTimer(pingTimer);
        }
        backlog = null;
        room.detach(this);
        service.closed(this, room, address);
    }
}
