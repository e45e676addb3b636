// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * SRTP/SRTCP datagrams that arrived before the DTLS handshake produced the keys (the browser
 * starts sending as soon as its side of DTLS completes, one flight before ours), bounded by count
 * and bytes so the first keyframe survives without letting a peer fill memory. Not thread-safe:
 * confined to the session's serial worker. The held arrays are owned here.
 */
final class HeldPackets {
    /** One held datagram. */
    record Held(PacketKind kind, byte[] data, long arrivalNanos) {
    }

    private final int maxPackets;
    private final int maxBytes;
    private final ArrayDeque<Held> queue = new ArrayDeque<>();
    private int bytes;
    private long held;
    private long dropped;

    HeldPackets(int maxPackets, int maxBytes) {
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
    }

    /** Holds a copy; false (and counted as dropped) when a bound would be exceeded. */
    boolean hold(PacketKind kind, byte[] b, int off, int len, long arrivalNanos) {
        if (queue.size() >= maxPackets || bytes + len > maxBytes) {
            dropped++;
            return false;
        }
        queue.add(new Held(kind, java.util.Arrays.copyOfRange(b, off, off + len), arrivalNanos));
        bytes += len;
        held++;
        return true;
    }

    /** Hands every held packet to {@code sink} in arrival order and empties the queue. */
    void drainTo(Consumer<Held> sink) {
        Held h;
        while ((h = queue.poll()) != null) {
            bytes -= h.data().length;
            sink.accept(h);
        }
    }

    void clear() {
        queue.clear();
        bytes = 0;
    }

    long heldTotal() {
        return held;
    }

    long droppedTotal() {
        return dropped;
    }

    int size() {
        return queue.size();
    }
}
