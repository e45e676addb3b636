// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import dev.livepipe.ingest.whip.rtp.RtpTestPacketizer;
import dev.livepipe.ingest.whip.transport.TestWebRtcPeer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One headless WHIP publisher: ingest's {@link TestWebRtcPeer} (controlling ice4j agent on
 * 127.0.0.1, Bouncy Castle DTLS client, jitsi-srtp) POSTs a real SDP offer ({@link WhipOffer})
 * to {@code /whip} with the stream key as bearer token, connects to the answer's candidate, and
 * replays the {@link RtpFixture} in real time through {@link RtpTestPacketizer} (RFC 6184
 * single NAL / STAP-A / FU-A at a 1200-byte payload MTU, RFC 7587 Opus), looping with RTP
 * timestamps and sequence numbers running on. RTCP from the server (RR, NACK, PLI) is read
 * and dropped: the fixture's IDR every 2 s is what HLS cuts on. The session is deleted on close.
 */
final class WhipLoadClient implements AutoCloseable {

    private static final int MTU = 1200;

    private final HttpClient http;
    private final String whipUrl;
    private final String streamKey;
    private final AtomicLong packetsSent = new AtomicLong();
    private TestWebRtcPeer peer;
    private String sessionUrl;
    private volatile boolean stopped;
    private Thread sender;
    private volatile String failure;
    private long audioSsrc;
    private long videoSsrc;

    WhipLoadClient(HttpClient http, String whipUrl, String streamKey) {
        this.http = http;
        this.whipUrl = whipUrl;
        this.streamKey = streamKey;
    }

    /** POST offer → 201 answer → ICE + DTLS; blocking. */
    void connect(Duration timeout) throws Exception {
        peer = new TestWebRtcPeer();
        audioSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
        videoSsrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
        String offer = WhipOffer.offer(peer.iceParameters(), peer.fingerprint(), audioSsrc, videoSsrc);
        HttpRequest req = HttpRequest.newBuilder(URI.create(whipUrl)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + streamKey).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(offer)).build();
        HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() != 201) {
            throw new IllegalStateException("POST " + whipUrl + " -> " + rsp.statusCode() + ": " + rsp.body());
        }
        sessionUrl = rsp.headers().firstValue("Location").map(l -> URI.create(whipUrl).resolve(l).toString()).orElse(null);
        WhipOffer.Answer a = WhipOffer.parseAnswer(rsp.body());
        peer.connect(a.ufrag(), a.password(), a.candidates(), a.fingerprint(), timeout);
    }

    /** Starts replaying on its own thread; the first frame goes out at {@code startNanos}. */
    void startReplay(RtpFixture fixture, long startNanos, String name) {
        sender = Thread.ofPlatform().daemon().name(name).start(() -> replay(fixture, startNanos));
    }

    private void replay(RtpFixture fixture, long startNanos) {
        RtpTestPacketizer video = new RtpTestPacketizer(WhipOffer.H264_PT, videoSsrc,
                ThreadLocalRandom.current().nextInt(65536), MTU);
        RtpTestPacketizer audio = new RtpTestPacketizer(WhipOffer.OPUS_PT, audioSsrc,
                ThreadLocalRandom.current().nextInt(65536), MTU);
        long videoTs0 = ThreadLocalRandom.current().nextLong(1L << 31);
        long audioTs0 = ThreadLocalRandom.current().nextLong(1L << 31);
        try {
            for (long loop = 0; !stopped; loop++) {
                long loopOffset = loop * fixture.loopMicros();
                for (RtpFixture.Frame f : fixture.frames()) {
                    if (stopped) {
                        return;
                    }
                    long micros = loopOffset + f.ptsMicros();
                    long due = startNanos + micros * 1000;
                    long wait;
                    while (!stopped && (wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    if (f.video()) {
                        long ts = (videoTs0 + micros * 9 / 100) & 0xFFFFFFFFL;
                        for (byte[] p : video.h264(f.nalus(), ts)) {
                            peer.sendRtp(p);
                            packetsSent.incrementAndGet();
                        }
                    } else {
                        long ts = (audioTs0 + micros * 48 / 1000) & 0xFFFFFFFFL;
                        peer.sendRtp(audio.opus(f.opus(), ts));
                        packetsSent.incrementAndGet();
                    }
                }
                peer.rtcpReceived().clear();
            }
        } catch (Exception e) {
            if (!stopped) {
                failure = e.toString();
            }
        }
    }

    long packetsSent() {
        return packetsSent.get();
    }

    /** Why the sender stopped early, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        stopped = true;
        if (sender != null) {
            sender.interrupt();
        }
        if (sessionUrl != null) {
            try {
                http.send(HttpRequest.newBuilder(URI.create(sessionUrl)).timeout(Duration.ofSeconds(2))
                        .header("Authorization", "Bearer " + streamKey).DELETE().build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                // the server ends it on consent expiry anyway
            }
        }
        if (peer != null) {
            peer.close();
        }
    }
}
