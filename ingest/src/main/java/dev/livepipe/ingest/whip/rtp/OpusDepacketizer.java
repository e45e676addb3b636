// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.List;

/**
 * Opus over RTP (RFC 7587 §4.2): one packet carries exactly one Opus packet, so every RTP
 * payload is a frame of its own (and a keyframe). Loss needs no handling here: the Opus decoder
 * conceals it. Empty payloads (DTX keep-alives of zero bytes) are skipped. Not thread-safe.
 */
public final class OpusDepacketizer implements Depacketizer {

    private final Sink sink;

    public OpusDepacketizer(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void packet(RtpPacket p, long arrivalNanos) {
        if (p.payloadLength() > 0) {
            sink.frame(new DepacketizedFrame(p.timestamp(), arrivalNanos, true, List.of(p.payloadCopy())));
        }
    }

    @Override
    public void gap() {
        // Packet loss concealment is the decoder's job.
    }

    @Override
    public long framesDropped() {
        return 0;
    }
}
