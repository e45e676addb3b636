// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.Codec;
import dev.livepipe.media.Track;

/**
 * Maps one track's access-unit timestamps onto its muxer stream: rebased so that the session's
 * first access unit is at zero (the same origin for every track keeps them in sync), then
 * rescaled to the stream's input time base ({@link StreamSetup#inputTimeBase}).
 *
 * <p>AAC frames are exactly 1024 samples, but edges often stamp them in milliseconds; the clock
 * therefore keeps a sample-exact cadence and follows the input only when it strays by more than
 * half a frame (a real gap or jump), so sample durations in the fragments stay 1024.
 *
 * <p>Threading: confined to the owning {@link SessionMuxer}'s thread.
 */
final class TrackClock {

    private static final int AAC_FRAME = 1024;

    private final long inScale;
    private final long outScale;
    private final long originTicks;
    private final int cadence;
    private long expectedNext = Long.MIN_VALUE;

    /**
     * @param track        the track
     * @param originMicros the session origin in microseconds (shared by every track)
     */
    TrackClock(Track track, long originMicros) {
        this.inScale = track.timescale();
        this.outScale = StreamSetup.inputTimeBase(track)[1];
        this.originTicks = Math.floorDiv(originMicros * inScale, 1_000_000L);
        this.cadence = track.codec() == Codec.AAC ? AAC_FRAME : 0;
    }

    /** Rebased, rescaled decode time (negative: before the session origin). */
    long dts(long dts) {
        long out = rescale(dts - originTicks);
        if (cadence > 0) {
            if (expectedNext != Long.MIN_VALUE && Math.abs(out - expectedNext) <= cadence / 2) {
                out = expectedNext;
            }
            expectedNext = out + cadence;
        }
        return out;
    }

    /** Rebased, rescaled presentation time for an access unit whose mapped dts is {@code mappedDts}. */
    long pts(long pts, long dts, long mappedDts) {
        return mappedDts + rescale(pts - dts);
    }

    /** Output ticks to microseconds. */
    long micros(long ticks) {
        return Math.floorDiv(ticks * 1_000_000L, outScale);
    }

    /** A typical sample duration in output ticks, used when the real one is unknown. */
    long defaultDuration() {
        return cadence > 0 ? cadence : Math.max(1, outScale / 30);
    }

    private long rescale(long ticks) {
        if (inScale == outScale) {
            return ticks;
        }
        return Math.floorDiv(ticks * outScale + inScale / 2, inScale);
    }
}
