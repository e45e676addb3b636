// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import dev.livepipe.ingest.PublishAuthorizer;
import dev.livepipe.ingest.rtmp.amf0.Amf0Constant;
import dev.livepipe.ingest.rtmp.amf0.Amf0Properties;
import dev.livepipe.ingest.rtmp.chunk.ChunkDecoder;
import dev.livepipe.ingest.rtmp.chunk.ChunkEncoder;
import dev.livepipe.ingest.rtmp.handshake.ServerHandshake;
import dev.livepipe.ingest.rtmp.message.Abort;
import dev.livepipe.ingest.rtmp.message.Acknowledgement;
import dev.livepipe.ingest.rtmp.message.AudioMessage;
import dev.livepipe.ingest.rtmp.message.CommandAmf0;
import dev.livepipe.ingest.rtmp.message.DataAmf0;
import dev.livepipe.ingest.rtmp.message.MessageDecoder;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import dev.livepipe.ingest.rtmp.message.RtmpMessage;
import dev.livepipe.ingest.rtmp.message.SetChunkSize;
import dev.livepipe.ingest.rtmp.message.SetPeerBandwidth;
import dev.livepipe.ingest.rtmp.message.UserControl;
import dev.livepipe.ingest.rtmp.message.VideoMessage;
import dev.livepipe.ingest.rtmp.message.WindowAckSize;
import dev.livepipe.ingest.rtmp.publish.RtmpToStream;
import dev.livepipe.ingest.rtmp.publish.StreamMetadata;
import dev.livepipe.ingest.VertxScheduler;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.codec.BitstreamException;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTMP publisher connection: handshake, chunk stream, and the NetConnection/NetStream
 * command state machine (Adobe RTMP specification 1.0, sections 5 and 7.2):
 * {@code connect} → {@code releaseStream}/{@code FCPublish} → {@code createStream} →
 * {@code publish} (authorized by the {@link PublishAuthorizer}) → media →
 * {@code FCUnpublish}/{@code deleteStream}. {@code play} is refused.
 *
 * <p>Any protocol violation closes this connection only, with one warning line naming the
 * problem; the stream key is never logged (only {@link StreamKey#fingerprint()}).
 *
 * <p>Threading: every method except {@link #describe()} runs on the socket's event loop and never
 * blocks it; the authorizer's and the hub's callbacks hop back to it. {@link #describe()} may be
 * called from any thread and reads a consistent-enough snapshot of volatile fields.
 */
final class RtmpConnection {

    private static final Logger LOG = LoggerFactory.getLogger(RtmpConnection.class);
    private static final long WINDOW = 2_500_000;
    private static final int MAX_STREAMS = 8;
    private static final int MAX_DEFERRED = 256;
    private static final List<String> FOURCC_SUPPORTED = List.of("avc1", "hvc1", "mp4a");

    private record Deferred(RawMessage raw, long arrivalNanos, long wallClockMillis) {
    }

    private final long id;
    private final Vertx vertx;
    private final Context context;
    private final NetSocket socket;
    private final RtmpServerConfig config;
    private final PublishAuthorizer authorizer;
    private final Broadcasts broadcasts;
    private final boolean tls;
    private final Consumer<RtmpConnection> onClosed;
    private final RtmpCounters counters;
    private final String remote;
    private final String prefix;
    private final Instant since = Instant.now();
    private final ServerHandshake handshake;
    private final ChunkDecoder decoder;
    private final ReadLowWater lowWater;
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();
    private final List<Integer> streams = new ArrayList<>();
    private volatile ConnectionState state = ConnectionState.HANDSHAKE;
    private volatile long bytesIn;
    private volatile long reads; // socket reads delivered (one wake-up each, or part of one)
    private boolean videoSeen; // the publisher has sent a video message
    private volatile long bytesOut;
    private volatile String app = "";
    private volatile String flashVer = "";
    private volatile StreamKey key;
    private volatile String streamId;
    private volatile StreamMetadata metadata = StreamMetadata.NONE;
    private volatile String closeReason;
    private volatile RtmpToStream toStream;
    private HubPublisher hub;
    private long lastAck;
    private long peerWindow = WINDOW;
    private long handshakeTimer = -1;
    private long idleTimer = -1;
    private long lastReadNanos = System.nanoTime();
    private int nextStreamId = 1;
    private int publishStreamId;

    RtmpConnection(long id, Vertx vertx, NetSocket socket, RtmpServerConfig config,
                   PublishAuthorizer authorizer, Broadcasts broadcasts, boolean tls,
                   RtmpCounters counters, Consumer<RtmpConnection> onClosed) {
        this.id = id;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.socket = socket;
        this.config = config;
        this.authorizer = authorizer;
        this.broadcasts = broadcasts;
        this.tls = tls;
        this.onClosed = onClosed;
        this.counters = counters;
        this.remote = socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().toString();
        this.prefix = "[" + (tls ? "rtmps " : "rtmp ") + remote + "]";
        this.handshake = new ServerHandshake(ThreadLocalRandom.current(),
                System.nanoTime() / 1_000_000L);
        this.decoder = new ChunkDecoder(config.maxMessageSize(), config.maxChunkStreams(),
                this::onMessage);
        // not under TLS: a mark counts ciphertext, and a record's last few bytes could wait for it
        this.lowWater = new ReadLowWater(socket, tls ? 1 : config.readLowWater(), prefix);
    }

    /** Starts reading; call on the socket's event loop. */
    void start() {
        if (socket instanceof NetSocketInternal raw) {
            // Netty's own (pooled, direct) read buffers, without Vert.x's copy of every read onto
            // the heap: the chunk decoder copies what it keeps, nothing holds on to the buffer.
            // pause()/resume() still switch reading off and on.
            raw.messageHandler(this::onRead);
        } else {
            socket.handler(this::onBytes);
        }
        socket.closeHandler(v -> onSocketClosed());
        socket.exceptionHandler(e -> close("socket error: " + e.getMessage()));
        handshakeTimer = vertx.setTimer(config.handshakeTimeout().toMillis(), t -> {
            if (state == ConnectionState.HANDSHAKE) {
                LOG.warn("{} handshake not completed within {}; closing", prefix,
                        config.handshakeTimeout());
                close("handshake timeout");
            }
        });
        long idle = config.idleTimeout().toMillis();
        if (idle > 0) {
            idleTimer = vertx.setPeriodic(Math.max(250, idle / 4), t -> {
                // (reading is paused while the authorizer decides; that has its own timeout)
                if (state != ConnectionState.AUTHORIZING
                        && System.nanoTime() - lastReadNanos > idle * 1_000_000L) {
                    LOG.warn("{} nothing received for {}; closing", prefix, config.idleTimeout());
                    close("idle timeout");
                }
            });
        }
        LOG.debug("{} connected", prefix);
    }

    long id() {
        return id;
    }

    ConnectionState state() {
        return state;
    }

    /** Closes from another thread (server stop); completes once the socket is closed. */
    Future<Void> closeAsync(String reason) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            close(reason);
            socket.close().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    // --- bytes ----------------------------------------------------------------------------

    private void onRead(Object message) {
        if (!(message instanceof ByteBuf buf)) {
            ReferenceCountUtil.release(message);
            return;
        }
        try {
            onBytes(BufferInternal.buffer(buf.readerIndex() == 0 ? buf : buf.slice()));
        } finally {
            buf.release();
        }
    }

    private void onBytes(Buffer data) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        bytesIn += data.length();
        reads++;
        lastReadNanos = System.nanoTime();
        try {
            Buffer rest = data;
            if (state == ConnectionState.HANDSHAKE) {
                ServerHandshake.Step step = handshake.feed(data);
                if (step.reply() != null) {
                    write(step.reply());
                }
                if (!step.complete()) {
                    return;
                }
                vertx.cancelTimer(handshakeTimer);
                state = ConnectionState.WAITING_CONNECT;
                (handshake.isDigest() ? counters.digestHandshakes : counters.plainHandshakes).increment();
                LOG.debug("{} {} handshake done", prefix, handshake.isDigest() ? "digest" : "plain");
                rest = step.remainder();
            }
            if (rest.length() > 0) {
                decoder.feed(rest);
            }
            if (state == ConnectionState.PUBLISHING) {
                lowWater.afterRead(decoder.bytesToFinishMessage(), videoSeen, bytesUntilAck());
            }
            acknowledge();
        } catch (RtmpProtocolException | BitstreamException e) {
            protocolError(e);
        } catch (RuntimeException e) {
            LOG.error("{} internal error; closing", prefix, e);
            close("internal error");
        }
    }

    /** The peer sent something invalid (RTMP/AMF0/FLV rules or a codec configuration). */
    private void protocolError(RuntimeException e) {
        counters.protocolErrors.increment();
        LOG.warn("{} protocol error: {}; closing", prefix, e.getMessage());
        close("protocol error: " + e.getMessage());
    }

    /** Acknowledgement after each window of received bytes (5.4.3). */
    private void acknowledge() {
        if (state != ConnectionState.CLOSED && bytesUntilAck() <= 0) {
            lastAck = bytesIn;
            send(new Acknowledgement(bytesIn));
        }
    }

    /** Bytes still to receive before the peer is owed an Acknowledgement (0 or less: owed now). */
    private long bytesUntilAck() {
        return peerWindow - (bytesIn - lastAck);
    }

    // --- messages -------------------------------------------------------------------------

    private void onMessage(RawMessage raw) {
        long arrival = System.nanoTime();
        long wall = System.currentTimeMillis();
        if (state == ConnectionState.CLOSED) {
            return;
        }
        if (state == ConnectionState.AUTHORIZING) {
            if (deferred.size() >= MAX_DEFERRED) {
                throw new RtmpProtocolException("too many messages while the publish is authorized");
            }
            deferred.addLast(new Deferred(raw, arrival, wall));
            return;
        }
        dispatch(raw, arrival, wall);
    }

    private void dispatch(RawMessage raw, long arrival, long wall) {
        Optional<RtmpMessage> decoded = MessageDecoder.decode(raw);
        if (decoded.isEmpty()) {
            LOG.debug("{} ignoring message type {} ({} bytes)", prefix, raw.typeId(),
                    raw.payload().length());
            return;
        }
        switch (decoded.get()) {
            case SetChunkSize s -> decoder.setChunkSize(s.size());
            case Abort a -> decoder.abort(a.chunkStreamId());
            case Acknowledgement a -> LOG.trace("{} peer acknowledged {} bytes", prefix, a.sequenceNumber());
            case WindowAckSize w -> peerWindow = w.size();
            case SetPeerBandwidth b -> LOG.trace("{} peer bandwidth {}", prefix, b.size());
            case UserControl u -> {
                if (u.eventType() == UserControl.PING_REQUEST) {
                    send(new UserControl(UserControl.PING_RESPONSE, u.value(), 0));
                }
            }
            case CommandAmf0 c -> onCommand(c);
            case DataAmf0 d -> onData(d);
            case AudioMessage a -> {
                RtmpToStream t = toStream;
                if (state == ConnectionState.PUBLISHING && t != null) {
                    t.onAudio(a, arrival, wall);
                }
            }
            case VideoMessage v -> {
                videoSeen = true;
                RtmpToStream t = toStream;
                if (state == ConnectionState.PUBLISHING && t != null) {
                    t.onVideo(v, arrival, wall);
                }
            }
        }
    }

    private void onCommand(CommandAmf0 c) {
        if ("connect".equals(c.name())) {
            connect(c);
            return;
        }
        if (state == ConnectionState.WAITING_CONNECT) {
            throw new RtmpProtocolException("command '" + LogText.of(c.name()) + "' before connect");
        }
        switch (c.name()) {
            case "releaseStream" -> {
                if (c.transactionId() != 0) {
                    send(StatusReplies.result(c.transactionId(), Amf0Constant.UNDEFINED));
                }
            }
            case "FCPublish" -> send(StatusReplies.onFcPublish());
            case "createStream" -> createStream(c);
            case "publish" -> publish(c);
            case "FCUnpublish", "deleteStream", "closeStream" -> unpublish(c.name());
            case "play", "play2" -> {
                LOG.warn("{} play requested; this server only ingests", prefix);
                counters.playsRefused.increment();
                sendThenClose(StatusReplies.onStatus(c.messageStreamId(), "error",
                        "NetStream.Play.Failed", "Playback is not supported by this server"),
                        "play is not supported");
            }
            default -> LOG.debug("{} ignoring command '{}'", prefix, LogText.of(c.name()));
        }
    }

    private void connect(CommandAmf0 c) {
        if (state != ConnectionState.WAITING_CONNECT) {
            throw new RtmpProtocolException("connect received twice");
        }
        Amf0Properties p = c.properties()
                .orElseThrow(() -> new RtmpProtocolException("connect without a command object"));
        String rawApp = p.string("app").orElse("");
        int q = rawApp.indexOf('?');
        String a = q >= 0 ? rawApp.substring(0, q) : rawApp;
        while (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        app = a;
        flashVer = p.string("flashVer").orElse("");
        List<String> fourCc = new ArrayList<>();
        if (p.get("fourCcList").orElse(null) instanceof List<?> list) {
            fourCc.addAll(FOURCC_SUPPORTED); // Enhanced RTMP: answer with what we ingest
            LOG.debug("{} client offers Enhanced RTMP codecs {}", prefix, list.size());
        }
        send(new WindowAckSize(WINDOW));
        send(new SetPeerBandwidth(WINDOW, SetPeerBandwidth.DYNAMIC));
        send(new SetChunkSize(config.outChunkSize()));
        encoder.setChunkSize(config.outChunkSize());
        send(StatusReplies.connectSuccess(c.transactionId(),
                p.number("objectEncoding").orElse(0.0), fourCc));
        state = ConnectionState.CONNECTED;
        LOG.info("{} connect app='{}' tcUrl='{}' flashVer='{}'", prefix, LogText.of(app),
                LogText.withoutQuery(p.string("tcUrl").orElse("")), LogText.of(flashVer));
    }

    private void createStream(CommandAmf0 c) {
        if (streams.size() >= MAX_STREAMS) {
            send(StatusReplies.error(c.transactionId(), "NetConnection.Call.Failed",
                    "Too many streams"));
            return;
        }
        int sid = nextStreamId++;
        streams.add(sid);
        send(StatusReplies.result(c.transactionId(), (double) sid));
    }

    private void publish(CommandAmf0 c) {
        if (state != ConnectionState.CONNECTED) {
            throw new RtmpProtocolException("publish while " + state);
        }
        publishStreamId = c.messageStreamId();
        StreamKey k = StreamKey.fromPublishName(c.stringArgument(0).orElse(""));
        LOG.info("{} publish {} app='{}' type={}", prefix, k, LogText.of(app),
                LogText.of(c.stringArgument(1).orElse("live")));
        if (k.isEmpty()) {
            LOG.warn("{} publish without a stream key refused", prefix);
            refusePublish("empty stream key");
            return;
        }
        state = ConnectionState.AUTHORIZING;
        socket.pause();
        Future<Optional<String>> decision;
        try {
            decision = authorizer.authorize(app, k.reveal());
        } catch (RuntimeException e) {
            decision = Future.failedFuture(e);
        }
        if (decision == null) {
            decision = Future.failedFuture("authorizer returned null");
        }
        decision.timeout(config.authorizeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> context.runOnContext(v -> authorized(k, ar)));
    }

    private void authorized(StreamKey k, AsyncResult<Optional<String>> ar) {
        if (state != ConnectionState.AUTHORIZING) {
            return; // closed meanwhile
        }
        lastReadNanos = System.nanoTime();
        if (ar.failed()) {
            LOG.warn("{} authorization of {} failed: {}", prefix, k, ar.cause().toString());
            refusePublish("authorization failed");
            return;
        }
        Optional<String> sid = ar.result();
        if (sid == null || sid.isEmpty()) {
            LOG.warn("{} publish refused: unknown stream key {} for app '{}'", prefix, k,
                    LogText.of(app));
            refusePublish("stream key refused");
            return;
        }
        key = k;
        streamId = sid.get();
        send(UserControl.streamBegin(publishStreamId));
        send(StatusReplies.onStatus(publishStreamId, "status", "NetStream.Publish.Start",
                "Start publishing"));
        state = ConnectionState.PUBLISHING;
        counters.publishesAccepted.increment();
        PublisherInfo info = new PublisherInfo(tls ? "rtmps" : "rtmp", remote, metadata.encoder());
        hub = new HubPublisher(broadcasts, streamId, info, () -> metadata.encoder(), this::revoked);
        RtmpToStream t = new RtmpToStream(hub, new VertxScheduler(vertx),
                new RtmpToStream.Limits(config.trackWait(), 600, 4L * config.maxMessageSize()), prefix);
        toStream = t;
        if (metadata != StreamMetadata.NONE) {
            t.onMetadata(metadata);
        }
        LOG.info("{} publishing {} into stream {}", prefix, k, streamId);
        try {
            while (!deferred.isEmpty() && state == ConnectionState.PUBLISHING) {
                Deferred d = deferred.removeFirst();
                dispatch(d.raw(), d.arrivalNanos(), d.wallClockMillis());
            }
        } catch (RtmpProtocolException | BitstreamException e) {
            protocolError(e);
            return;
        }
        socket.resume();
    }

    private void refusePublish(String reason) {
        counters.publishesRefused.increment();
        deferred.clear();
        sendThenClose(StatusReplies.onStatus(publishStreamId, "error", "NetStream.Publish.BadName",
                "Publishing refused"), reason);
    }

    private void unpublish(String command) {
        if (state != ConnectionState.PUBLISHING) {
            return;
        }
        stopPublishing();
        state = ConnectionState.CONNECTED;
        LOG.info("{} unpublished ({})", prefix, command);
    }

    private void stopPublishing() {
        lowWater.release();
        videoSeen = false;
        RtmpToStream t = toStream;
        if (t != null) {
            t.stop();
        }
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    private void revoked(Publication p) {
        context.runOnContext(v -> {
            if (hub != null && hub.current() == p) {
                LOG.info("{} publication revoked ({}); closing", prefix, p.revokedReason());
                close("revoked: " + p.revokedReason());
            }
        });
    }

    private void onData(DataAmf0 d) {
        String handler = d.handler().orElse("");
        if (!"onMetaData".equals(handler)) {
            LOG.debug("{} ignoring data message '{}'", prefix, LogText.of(handler));
            return;
        }
        List<Object> v = d.unwrapped();
        if (v.size() < 2 || !(v.get(1) instanceof Amf0Properties props)) {
            LOG.debug("{} onMetaData without properties", prefix);
            return;
        }
        StreamMetadata md = StreamMetadata.from(props);
        metadata = md;
        LOG.info("{} metadata: encoder='{}' {}x{} {} fps, video {} kbps, audio {} kbps", prefix,
                LogText.of(md.encoder()), md.width(), md.height(), md.frameRate(), md.videoKbps(),
                md.audioKbps());
        RtmpToStream t = toStream;
        if (t != null && state == ConnectionState.PUBLISHING) {
            t.onMetadata(md);
        }
    }

    // --- output and lifecycle -------------------------------------------------------------

    private void send(RtmpMessage message) {
        if (state != ConnectionState.CLOSED) {
            write(encoder.encode(message.toRaw()));
        }
    }

    private void write(Buffer bytes) {
        bytesOut += bytes.length();
        socket.write(bytes);
    }

    /** Sends a last message, then closes once it is flushed. */
    private void sendThenClose(RtmpMessage message, String reason) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        Buffer bytes = encoder.encode(message.toRaw());
        bytesOut += bytes.length();
        markClosed(reason);
        socket.write(bytes).onComplete(ar -> socket.close());
    }

    /** Closes this connection now. */
    void close(String reason) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        markClosed(reason);
        socket.close();
    }

    private void markClosed(String reason) {
        state = ConnectionState.CLOSED;
        closeReason = reason;
        vertx.cancelTimer(handshakeTimer);
        vertx.cancelTimer(idleTimer);
        decoder.stop();
        deferred.clear();
        stopPublishing();
        LOG.info("{} closed: {}", prefix, reason);
        onClosed.accept(this);
    }

    private void onSocketClosed() {
        if (state != ConnectionState.CLOSED) {
            markClosed("peer disconnected");
        }
    }

    /** A snapshot for the admin API; the stream key appears only as its fingerprint. */
    JsonObject describe() {
        StreamKey k = key;
        RtmpToStream t = toStream;
        JsonObject json = new JsonObject()
                .put("id", id)
                .put("remoteAddress", remote)
                .put("protocol", tls ? "rtmps" : "rtmp")
                .put("state", state.name())
                .put("since", since.toString())
                .put("bytesIn", bytesIn)
                .put("bytesOut", bytesOut)
                .put("reads", reads)
                .put("readLowWater", lowWater.mark())
                .put("app", app)
                .put("flashVer", flashVer);
        if (k != null) {
            json.put("keyFingerprint", k.fingerprint());
        }
        if (streamId != null) {
            json.put("streamId", streamId);
        }
        if (t != null) {
            json.put("publish", t.describe());
        }
        if (closeReason != null) {
            json.put("closeReason", closeReason);
        }
        return json;
    }
}
