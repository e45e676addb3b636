// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip;

import dev.livepipe.ingest.whip.http.WhipSessionFactory;
import dev.livepipe.ingest.whip.http.WhipSessionHandle;
import dev.livepipe.ingest.whip.http.WhipSessionRequest;
import dev.livepipe.ingest.whip.rtp.RtpReceiver;
import dev.livepipe.ingest.whip.rtp.RtpReceiverConfig;
import dev.livepipe.ingest.whip.sdp.IceCandidate;
import dev.livepipe.ingest.whip.sdp.RemoteTransport;
import dev.livepipe.ingest.whip.transport.DtlsSetup;
import dev.livepipe.ingest.whip.transport.Fingerprint;
import dev.livepipe.ingest.whip.transport.RemoteIce;
import dev.livepipe.ingest.whip.transport.WebRtcTransports;
import dev.livepipe.ingest.whip.transport.WhipTransport;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.Scheduler;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The {@link WhipSessionFactory} of the server: turns an authorized, negotiated WHIP offer into a
 * {@link WhipMediaSession} (transport + RTP receive path + hub publication). Opening a transport
 * does not block (candidates are known at once on the shared UDP port), so this runs on the
 * request's event loop.
 */
public final class WhipIngest implements WhipSessionFactory {

    private final WebRtcTransports transports;
    private final Broadcasts broadcasts;
    private final RtpReceiverConfig receiverConfig;
    private final Executor mediaPool;
    private final Scheduler scheduler;
    private final Duration keyframeInterval;

    /**
     * @param transports       the running WebRTC transport service
     * @param broadcasts       the hub
     * @param receiverConfig   RTP receive settings (max bitrate fed back with REMB, AAC bitrate…)
     * @param mediaPool        worker pool for depacketizing and transcoding (serialized per session)
     * @param scheduler        timers
     * @param keyframeInterval how often to ask the browser for a keyframe (the HLS segment target)
     */
    public WhipIngest(WebRtcTransports transports, Broadcasts broadcasts, RtpReceiverConfig receiverConfig,
                      Executor mediaPool, Scheduler scheduler, Duration keyframeInterval) {
        this.transports = transports;
        this.broadcasts = broadcasts;
        this.receiverConfig = receiverConfig;
        this.mediaPool = mediaPool;
        this.scheduler = scheduler;
        this.keyframeInterval = keyframeInterval;
    }

    @Override
    public Future<WhipSessionHandle> create(WhipSessionRequest request) {
        RemoteTransport remote = request.negotiated().remote();
        WhipMediaSession session = new WhipMediaSession(request, broadcasts, scheduler, keyframeInterval);
        RtpReceiver receiver = new RtpReceiver(request.negotiated().media(), receiverConfig, mediaPool, scheduler,
                session);
        try {
            WhipTransport transport = transports.open(
                    new RemoteIce(remote.iceUfrag(), remote.icePwd(), toTransport(remote.candidates())),
                    DtlsSetup.parse(remote.remoteSetup().attribute()),
                    Fingerprint.parse(remote.fingerprint().toSdp()), session);
            session.attach(receiver, transport);
            return Future.succeededFuture(session);
        } catch (Exception e) {
            receiver.close();
            return Future.failedFuture(e);
        }
    }

    /** The SDP layer's candidates in the transport's form (the same a=candidate text). */
    static List<dev.livepipe.ingest.whip.transport.IceCandidate> toTransport(List<IceCandidate> candidates) {
        return candidates.stream()
                .map(c -> dev.livepipe.ingest.whip.transport.IceCandidate.parse(c.toSdp())).toList();
    }
}
