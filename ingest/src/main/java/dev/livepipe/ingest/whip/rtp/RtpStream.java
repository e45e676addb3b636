// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.ingest.whip.NegotiatedMedia;

/**
 * The receive state of one negotiated payload (the video or the audio m-section): its SSRC,
 * learned from the first packet of its payload type (one SSRC per kind: no simulcast), its
 * jitter buffer, statistics and depacketizer. Confined to the receiver's lock.
 */
final class RtpStream {

    enum Kind { VIDEO_H264, VIDEO_VP8, AUDIO_OPUS }

    final Kind kind;
    final NegotiatedMedia.Payload payload;
    final JitterBuffer buffer;
    final boolean nack;
    long ssrc = -1;
    ReceiveStatistics statistics;
    Depacketizer depacketizer;
    long bytes;
    boolean repairing; // the packet being inserted came through RTX

    RtpStream(Kind kind, NegotiatedMedia.Payload payload, RtpReceiverConfig config) {
        this.kind = kind;
        this.payload = payload;
        this.nack = config.nack() && payload.nack() && kind != Kind.AUDIO_OPUS;
        long window = config.reorderWindow().toNanos();
        if (!nack) {
            window = Math.min(window, 50_000_000L); // only reordering to wait for, no repair
        }
        this.buffer = new JitterBuffer(config.jitterBufferPackets(), window, nack,
                config.nackRetryInterval().toNanos(), config.nackMaxRetries());
    }

    boolean isVideo() {
        return kind != Kind.AUDIO_OPUS;
    }
}
