// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip;

import dev.livepipe.ingest.whip.http.WhipSessionHandle;
import dev.livepipe.ingest.whip.http.WhipSessionRequest;
import dev.livepipe.ingest.whip.rtp.RtpReceiver;
import dev.livepipe.ingest.whip.rtp.RtpReceiverListener;
import dev.livepipe.ingest.whip.sdp.IceCandidate;
import dev.livepipe.ingest.whip.sdp.LocalTransport;
import dev.livepipe.ingest.whip.transport.TransportListener;
import dev.livepipe.ingest.whip.transport.WhipTransport;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.Scheduler;
import dev.livepipe.media.Track;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WHIP publish wired end to end: the {@link WhipTransport} (ICE, DTLS, SRTP) feeds the
 * {@link RtpReceiver} (reorder, NACK, depacketize, transcode), whose access units go into the
 * stream's broadcast through a {@link Publication} — the same hub RTMP publishes into.
 *
 * <p>Keyframes: browsers send them only when asked, so the session asks (PLI) every
 * {@code keyframeInterval}, which lets HLS and the recorder cut segments on time.
 *
 * <p>Threading: transport callbacks arrive on the session's {@code whip-rx} thread; receiver
 * output on its serial worker; {@link #close()} from any thread. The publication is written by
 * the receiver worker only.
 */
final class WhipMediaSession implements WhipSessionHandle, TransportListener, RtpReceiverListener {

    private static final Logger LOG = LoggerFactory.getLogger(WhipMediaSession.class);

    private final WhipSessionRequest request;
    private final Broadcasts broadcasts;
    private final Scheduler scheduler;
    private final java.time.Duration keyframeInterval;
    private final Promise<Void> closed = Promise.promise();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final String log;
    private RtpReceiver receiver;
    private WhipTransport transport;
    private volatile Publication publication;
    private volatile Scheduler.Cancellable keyframeTimer;

    WhipMediaSession(WhipSessionRequest request, Broadcasts broadcasts, Scheduler scheduler,
                     java.time.Duration keyframeInterval) {
        this.request = request;
        this.broadcasts = broadcasts;
        this.scheduler = scheduler;
        this.keyframeInterval = keyframeInterval;
        this.log = "[whip " + request.sessionId() + " stream " + request.streamId() + "]";
    }

    void attach(RtpReceiver rtp, WhipTransport t) {
        this.receiver = rtp;
        this.transport = t;
    }

    @Override
    public LocalTransport localTransport() {
        List<IceCandidate> candidates = transport.localCandidates().stream()
                .map(c -> IceCandidate.parse(c.toSdpValue())).toList();
        return new LocalTransport(transport.localUfrag(), transport.localPassword(),
                dev.livepipe.ingest.whip.sdp.Fingerprint.parse(transport.localFingerprint().toSdpValue()), candidates);
    }

    @Override
    public Future<Void> addRemoteCandidates(List<IceCandidate> candidates, boolean endOfCandidates) {
        transport.addRemoteCandidates(WhipIngest.toTransport(candidates));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> close() {
        transport.close();
        finish("closed by the publisher or the server");
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> closed() {
        return closed.future();
    }

    // --------------------------------------------------------------- transport events

    @Override
    public void onConnected() {
        LOG.info("{} connected: ICE {} ms, DTLS {} ms", log, transport.iceConnectMillis(),
                transport.dtlsHandshakeMillis());
        receiver.start();
        receiver.requestKeyframe();
        scheduleKeyframeRequest();
    }

    private void scheduleKeyframeRequest() {
        if (!finished.get()) {
            keyframeTimer = scheduler.schedule(keyframeInterval, () -> {
                receiver.requestKeyframe();
                scheduleKeyframeRequest();
            });
        }
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        receiver.onRtp(buf, off, len, arrivalNanos);
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {
        receiver.onRtcp(buf, off, len, arrivalNanos);
    }

    @Override
    public void onFailed(String reason) {
        LOG.warn("{} transport failed: {}", log, reason);
        finish(reason);
    }

    @Override
    public void onClosed() {
        finish("transport closed");
    }

    // --------------------------------------------------------------- receiver output

    @Override
    public void onTracks(List<Track> tracks) {
        Publication old = publication;
        if (old != null) {
            old.close(); // new parameters: the hub treats it as a reconnect with a discontinuity
        }
        if (finished.get()) {
            return;
        }
        Publication p = broadcasts.publish(request.streamId(), tracks,
                new PublisherInfo("whip", request.remoteAddress(), "WebRTC (WHIP)"));
        p.onRevoked(() -> {
            LOG.info("{} replaced or revoked: {}", log, p.revokedReason());
            close();
        });
        p.setTransportStats(this::transportStats);
        publication = p;
    }

    /** Receive-path health for the stream's ingest stats. */
    private java.util.Map<String, Object> transportStats() {
        var s = receiver.stats();
        return java.util.Map.of("packetsReceived", s.packetsReceived(), "packetsLost", s.packetsLost(),
                "fractionLost", s.fractionLost(), "videoJitterMs", s.videoJitterMillis(),
                "audioJitterMs", s.audioJitterMillis(), "nacksSent", s.nacksSent(),
                "rtxRecovered", s.rtxRecovered(), "keyframeRequests", s.keyframeRequests(),
                "plisSent", s.plisSent(), "receiveBitrateBps", s.bitrateBps());
    }

    @Override
    public void onAccessUnit(AccessUnit unit) {
        Publication p = publication;
        if (p != null) {
            p.write(unit);
        }
    }

    @Override
    public void sendRtcp(byte[] packet) {
        transport.sendRtcp(packet);
    }

    private void finish(String why) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        LOG.info("{} ended: {}", log, why);
        Scheduler.Cancellable t = keyframeTimer;
        if (t != null) {
            t.cancel();
        }
        receiver.close();
        Publication p = publication;
        if (p != null) {
            p.close(); // the grace window starts: a reconnect continues the broadcast
        }
        closed.tryComplete();
    }
}
