// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.Arrays;
import java.util.List;

/**
 * VP8 over RTP (RFC 7741): strips the payload descriptor (§4.2) and joins the packets of one
 * frame, which begins at S=1, PID=0 and ends at the marker bit (§4.1) or a timestamp change.
 * The key-frame flag comes from the VP8 payload header's inverse key frame bit P (§4.3, RFC 6386
 * §9.1). A frame with a lost packet or without its beginning is dropped, and so is every frame
 * after it until the next key frame; each drop asks the sink for a keyframe.
 *
 * <p>Bounds: a frame holds at most {@value #MAX_FRAME_BYTES} bytes. Not thread-safe (receiver's
 * lock); copies what it keeps.
 */
public final class Vp8Depacketizer implements Depacketizer {

    static final int MAX_FRAME_BYTES = 8 << 20;

    private final Sink sink;
    private byte[] buf = new byte[0];
    private int length;
    private long ts = -1;
    private long arrival;
    private boolean started;
    private boolean broken;
    private boolean gapPending;
    private boolean waitingForKeyframe = true;
    private long dropped;

    public Vp8Depacketizer(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void packet(RtpPacket p, long arrivalNanos) {
        if (ts >= 0 && p.timestamp() != ts) {
            finish();
        }
        if (ts < 0) {
            ts = p.timestamp();
            broken = gapPending;
            gapPending = false;
        }
        arrival = arrivalNanos;
        try {
            Vp8Descriptor d = Vp8Descriptor.parse(p.buffer(), p.payloadOffset(), p.payloadLength());
            if (d.beginsFrame()) {
                if (started) {
                    broken = true; // two frame starts under one timestamp
                }
                started = true;
            }
            if (!started) {
                broken = true; // the first packet of the frame is missing
            } else {
                append(p.buffer(), p.payloadOffset() + d.size(), p.payloadLength() - d.size());
            }
        } catch (RtpException e) {
            broken = true;
        }
        if (p.marker()) {
            finish();
        }
    }

    @Override
    public void gap() {
        if (ts >= 0) {
            broken = true;
        }
        gapPending = true;
    }

    @Override
    public long framesDropped() {
        return dropped;
    }

    private void append(byte[] src, int off, int n) {
        if (length + n > MAX_FRAME_BYTES) {
            throw new RtpException("VP8 frame too large");
        }
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(length + n, Math.min(MAX_FRAME_BYTES, buf.length * 2 + 4096)));
        }
        System.arraycopy(src, off, buf, length, n);
        length += n;
    }

    private void finish() {
        if (length > 0 || broken) {
            boolean key = length >= 3 && (buf[0] & 0x01) == 0; // P bit: 0 = key frame
            if (broken || length < 3) {
                dropped++;
                waitingForKeyframe = true;
                sink.keyframeNeeded("incomplete VP8 frame");
            } else if (waitingForKeyframe && !key) {
                dropped++;
                sink.keyframeNeeded("waiting for a VP8 key frame");
            } else {
                waitingForKeyframe = false;
                sink.frame(new DepacketizedFrame(ts, arrival, key, List.of(Arrays.copyOf(buf, length))));
            }
        }
        length = 0;
        ts = -1;
        started = false;
        broken = false;
        if (buf.length > 1 << 20) {
            buf = new byte[0];
        }
    }
}
