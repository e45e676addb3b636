// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one publisher sent and when: for every video keyframe (by its decode time on the
 * publisher's continuous timeline, in ms), the {@link System#nanoTime()} at which the packet just
 * before it had been handed to the socket — i.e. when the last packet of the segment that this
 * keyframe closes was sent.
 *
 * <p>Written by the publisher thread, read by playlist watchers; thread-safe.
 */
public final class SendLog {

    private final Map<Long, Long> lastPacketBeforeKeyframe = new ConcurrentHashMap<>();
    private volatile long startNanos;
    private volatile long firstPacketNanos;

    void started(long nanos) {
        startNanos = nanos;
    }

    void firstPacket(long nanos) {
        firstPacketNanos = nanos;
    }

    void keyframe(long dtsMs, long previousPacketSentNanos) {
        lastPacketBeforeKeyframe.put(dtsMs, previousPacketSentNanos);
    }

    /** When the publisher started connecting ({@link System#nanoTime()}), 0 before. */
    public long startNanos() {
        return startNanos;
    }

    /** When the first media packet was sent, 0 before. */
    public long firstPacketNanos() {
        return firstPacketNanos;
    }

    /**
     * The send time of the last packet before the keyframe nearest to {@code dtsMs}, if that
     * keyframe lies within {@code toleranceMs}; 0 if none.
     */
    public long lastPacketBefore(long dtsMs, long toleranceMs) {
        long best = 0;
        long bestDistance = Long.MAX_VALUE;
        for (Map.Entry<Long, Long> e : lastPacketBeforeKeyframe.entrySet()) {
            long d = Math.abs(e.getKey() - dtsMs);
            if (d <= toleranceMs && d < bestDistance) {
                bestDistance = d;
                best = e.getValue();
            }
        }
        return best;
    }
}
