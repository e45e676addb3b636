// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * H.264 over RTP, packetization-mode 0 and 1 (RFC 6184): single NAL unit packets (§5.6), STAP-A
 * (§5.7.1) and FU-A (§5.8). An access unit ends at the marker bit (§5.1) or when the timestamp
 * changes. An access unit with a lost packet, a missing fragment or an unsupported packet type
 * (STAP-B, MTAP, FU-B: interleaved mode only) is dropped, and so is everything after it until the
 * next IDR; each drop asks the sink for a keyframe. Output starts at the first IDR.
 *
 * <p>Bounds: an access unit holds at most {@value #MAX_AU_BYTES} bytes and {@value #MAX_NALUS}
 * NAL units; beyond that it is dropped as broken. Not thread-safe (receiver's lock); copies
 * what it keeps.
 */
public final class H264Depacketizer implements Depacketizer {

    static final int MAX_AU_BYTES = 8 << 20;
    static final int MAX_NALUS = 1024;

    private final Sink sink;
    private final List<byte[]> nalus = new ArrayList<>();
    private long ts = -1;
    private long arrival;
    private int auBytes;
    private boolean broken;
    private boolean gapPending;
    private boolean waitingForKeyframe = true;
    private byte[] fu = new byte[0];
    private int fuLength = -1; // -1: no fragmented NAL unit in progress
    private long dropped;

    public H264Depacketizer(Sink sink) {
        this.sink = sink;
    }

    @Override
    public void packet(RtpPacket p, long arrivalNanos) {
        if (ts >= 0 && p.timestamp() != ts) {
            finish(); // marker lost, or a sender that does not set it
        }
        if (ts < 0) {
            ts = p.timestamp();
            broken = gapPending;
            gapPending = false;
        }
        arrival = arrivalNanos;
        try {
            payload(p);
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
        // The lost packets may also have started the next access unit.
        gapPending = true;
    }

    @Override
    public long framesDropped() {
        return dropped;
    }

    private void payload(RtpPacket p) {
        int len = p.payloadLength();
        if (len < 1) {
            throw new RtpException("empty H.264 payload");
        }
        byte[] b = p.buffer();
        int o = p.payloadOffset();
        int type = b[o] & 0x1F;
        switch (type) {
            case 24 -> { // STAP-A (§5.7.1): [size16 NAL]...
                int q = 1;
                while (q < len) {
                    if (q + 2 > len) {
                        throw new RtpException("STAP-A size truncated");
                    }
                    int n = RtpPacket.u16(b, o + q);
                    q += 2;
                    if (n == 0 || q + n > len) {
                        throw new RtpException("STAP-A NAL unit of " + n + " bytes does not fit");
                    }
                    addNal(Arrays.copyOfRange(b, o + q, o + q + n));
                    q += n;
                }
            }
            case 28 -> fuA(b, o, len);
            case 25, 26, 27, 29 -> throw new RtpException("H.264 packet type " + type + " (interleaved mode)");
            case 0, 30, 31 -> throw new RtpException("H.264 NAL unit type " + type + " is reserved");
            default -> addNal(Arrays.copyOfRange(b, o, o + len)); // single NAL unit (§5.6)
        }
    }

    private void fuA(byte[] b, int o, int len) {
        if (len < 2) {
            throw new RtpException("FU-A without header");
        }
        int indicator = b[o] & 0xFF;
        int header = b[o + 1] & 0xFF;
        boolean start = (header & 0x80) != 0;
        boolean end = (header & 0x40) != 0;
        if (start) {
            if (fuLength >= 0) {
                fuLength = -1;
                throw new RtpException("FU-A start before the previous one ended");
            }
            fuLength = 0;
            append(new byte[] {(byte) (indicator & 0xE0 | header & 0x1F)}, 0, 1);
        } else if (fuLength < 0) {
            throw new RtpException("FU-A continuation without its start");
        }
        append(b, o + 2, len - 2);
        if (end) {
            addNal(Arrays.copyOf(fu, fuLength));
            fuLength = -1;
        }
    }

    private void append(byte[] src, int off, int n) {
        if (fuLength + n > MAX_AU_BYTES) {
            fuLength = -1;
            throw new RtpException("FU-A NAL unit too large");
        }
        if (fuLength + n > fu.length) {
            fu = Arrays.copyOf(fu, Math.max(fuLength + n, Math.min(MAX_AU_BYTES, fu.length * 2 + 1024)));
        }
        System.arraycopy(src, off, fu, fuLength, n);
        fuLength += n;
    }

    private void addNal(byte[] nal) {
        auBytes += nal.length;
        if (auBytes > MAX_AU_BYTES || nalus.size() >= MAX_NALUS) {
            throw new RtpException("H.264 access unit too large");
        }
        nalus.add(nal);
    }

    private void finish() {
        if (fuLength >= 0) {
            broken = true; // the end fragment never came
            fuLength = -1;
        }
        boolean idr = false;
        for (byte[] n : nalus) {
            idr |= (n[0] & 0x1F) == 5;
        }
        if (!nalus.isEmpty() || broken) {
            if (broken) {
                dropped++;
                waitingForKeyframe = true;
                sink.keyframeNeeded("incomplete H.264 access unit");
            } else if (waitingForKeyframe && !idr) {
                dropped++;
                sink.keyframeNeeded("waiting for an IDR");
            } else {
                waitingForKeyframe = false;
                sink.frame(new DepacketizedFrame(ts, arrival, idr, nalus));
            }
        }
        nalus.clear();
        auBytes = 0;
        broken = false;
        ts = -1;
        if (fu.length > 64 << 10) {
            fu = new byte[0]; // do not keep a large FU buffer around
        }
    }
}
