// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts the RTP timestamps of a session's streams on one timeline, in each stream's own clock
 * rate (90 kHz video, 48 kHz Opus: the timescales of the tracks that come out), so audio and
 * video line up in HLS.
 *
 * <p>Until sender reports arrive, each stream is anchored at the arrival time of its first packet
 * (relative to the session's first packet, plus a lead of {@value #LEAD_MICROS} µs so that
 * encoder priming and slight reordering never go below zero). When every stream has an SR (or
 * {@link #LOCK_TIMEOUT_NANOS} after the first SR), the streams are re-anchored on the senders'
 * NTP↔RTP mapping (RFC 3550 §6.4.1): capture instants become comparable. The re-anchoring only
 * ever moves a stream forward (the one that would move back the most stays and the others move
 * forward to meet it), so timestamps stay monotonic. A stream whose first SR comes later is
 * re-anchored then, if that moves it forward. Wall-clock times come from the NTP mapping once
 * a stream has an SR, from arrival before.
 *
 * <p>Not thread-safe: confined to the receiver's lock.
 */
public final class AvSync {

    /** Added to every timeline position. */
    public static final long LEAD_MICROS = 100_000;
    static final long LOCK_TIMEOUT_NANOS = 3_000_000_000L;
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private static final class Stream {
        final int clockRate;
        final Unwrapper rtp = new Unwrapper(32);
        long baseRtp = Long.MIN_VALUE;   // extended RTP timestamp of the anchor
        long baseTicks;                  // timeline position of the anchor, in clockRate ticks
        long srNtpMicros = Long.MIN_VALUE; // latest SR, NTP time in µs since 1900
        long srRtp;                      // its extended RTP timestamp
        boolean anchoredOnNtp;

        Stream(int clockRate) {
            this.clockRate = clockRate;
        }

        long ntpMicrosAt(long extRtp) {
            return srNtpMicros + Math.floorDiv((extRtp - srRtp) * 1_000_000L, clockRate);
        }
    }

    private final Map<Long, Stream> streams = new HashMap<>();
    private long originNanos = Long.MIN_VALUE;
    private long originWallMillis;
    private long firstSrNanos = Long.MIN_VALUE;
    private long ntpOriginMicros = Long.MIN_VALUE; // NTP µs that maps to timeline 0
    private final java.util.function.LongSupplier wallClock;

    /** @param wallClock current wall-clock milliseconds (System::currentTimeMillis) */
    public AvSync(java.util.function.LongSupplier wallClock) {
        this.wallClock = wallClock;
    }

    /** Registers the stream {@code ssrc} with its RTP clock rate. */
    public void addStream(long ssrc, int clockRate) {
        streams.putIfAbsent(ssrc, new Stream(clockRate));
    }

    /** The timeline position of RTP timestamp {@code rtpTimestamp}, in the stream's clock rate ticks. */
    public long toTimeline(long ssrc, long rtpTimestamp, long arrivalNanos) {
        Stream s = stream(ssrc);
        long ext = s.rtp.unwrap(rtpTimestamp);
        if (originNanos == Long.MIN_VALUE) {
            originNanos = arrivalNanos;
            originWallMillis = wallClock.getAsLong();
        }
        if (s.baseRtp == Long.MIN_VALUE) {
            s.baseRtp = ext;
            long micros = (arrivalNanos - originNanos) / 1000 + LEAD_MICROS;
            s.baseTicks = Math.floorDiv(micros * s.clockRate, 1_000_000L);
            if (ntpOriginMicros != Long.MIN_VALUE && s.srNtpMicros != Long.MIN_VALUE) {
                anchorOnNtp(s);
            }
        }
        return s.baseTicks + (ext - s.baseRtp);
    }

    /** Wall-clock milliseconds (Unix epoch) of the capture of {@code rtpTimestamp}. */
    public long wallClockMillis(long ssrc, long rtpTimestamp, long arrivalNanos) {
        Stream s = stream(ssrc);
        if (s.srNtpMicros != Long.MIN_VALUE) {
            return s.ntpMicrosAt(s.rtp.peek(rtpTimestamp)) / 1000 - NTP_UNIX_OFFSET_SECONDS * 1000;
        }
        if (originNanos == Long.MIN_VALUE) {
            return wallClock.getAsLong();
        }
        return originWallMillis + (arrivalNanos - originNanos) / 1_000_000;
    }

    /** Records a sender report of {@code ssrc} (ignored for unknown streams). */
    public void onSenderReport(long ssrc, long ntpTimestamp, long rtpTimestamp, long arrivalNanos) {
        Stream s = streams.get(ssrc);
        if (s == null) {
            return;
        }
        long seconds = ntpTimestamp >>> 32;
        long fraction = ntpTimestamp & 0xFFFFFFFFL;
        s.srNtpMicros = seconds * 1_000_000L + (fraction * 1_000_000L >>> 32);
        s.srRtp = s.rtp.peek(rtpTimestamp);
        if (firstSrNanos == Long.MIN_VALUE) {
            firstSrNanos = arrivalNanos;
        }
        if (ntpOriginMicros == Long.MIN_VALUE) {
            boolean all = streams.values().stream().allMatch(x -> x.srNtpMicros != Long.MIN_VALUE);
            if (all || arrivalNanos - firstSrNanos >= LOCK_TIMEOUT_NANOS) {
                lock();
            }
        } else if (!s.anchoredOnNtp && s.baseRtp != Long.MIN_VALUE) {
            anchorOnNtp(s);
        }
    }

    /** Whether the streams are anchored on the senders' NTP clock. */
    public boolean locked() {
        return ntpOriginMicros != Long.MIN_VALUE;
    }

    private void lock() {
        long origin = Long.MAX_VALUE;
        boolean any = false;
        for (Stream s : streams.values()) {
            if (s.srNtpMicros != Long.MIN_VALUE && s.baseRtp != Long.MIN_VALUE) {
                long baseMicros = Math.floorDiv(s.baseTicks * 1_000_000L, s.clockRate);
                origin = Math.min(origin, s.ntpMicrosAt(s.baseRtp) - baseMicros);
                any = true;
            }
        }
        if (!any) {
            return; // SRs before any media: lock when media comes (next SR)
        }
        ntpOriginMicros = origin;
        for (Stream s : streams.values()) {
            if (s.srNtpMicros != Long.MIN_VALUE && s.baseRtp != Long.MIN_VALUE) {
                anchorOnNtp(s);
            }
        }
    }

    private void anchorOnNtp(Stream s) {
        long micros = s.ntpMicrosAt(s.baseRtp) - ntpOriginMicros;
        long ticks = Math.floorDiv(micros * s.clockRate, 1_000_000L);
        if (ticks >= s.baseTicks) {
            s.baseTicks = ticks;
        }
        s.anchoredOnNtp = true;
    }

    private Stream stream(long ssrc) {
        Stream s = streams.get(ssrc);
        if (s == null) {
            throw new IllegalArgumentException("unknown stream " + ssrc);
        }
        return s;
    }
}
