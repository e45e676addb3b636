// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * Reception statistics of one SSRC as RFC 3550 Appendix A.3 (loss, fraction lost) and A.8
 * (interarrival jitter) define them, plus what the last SR said (for LSR/DLSR, §6.4.1), turned
 * into a {@link ReportBlock} for the next RR.
 *
 * <p>Packets recovered through RTX count as received, so the reported loss is the loss left
 * after repair. Not thread-safe: confined to the receiver's lock.
 */
public final class ReceiveStatistics {

    private final long ssrc;
    private final int clockRate;
    private long baseSeq = -1;
    private long maxSeq = -1;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private double jitter; // in timestamp units
    private long lastTransit = Long.MIN_VALUE;
    private long lastSrCompact;
    private long lastSrArrivalNanos;
    private boolean haveSr;

    public ReceiveStatistics(long ssrc, int clockRate) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /**
     * Counts one packet accepted by the jitter buffer (not a duplicate).
     *
     * @param extSeq       extended sequence number from an {@link Unwrapper} (first cycle is 1: reported minus 65536)
     * @param rtpTimestamp the packet's RTP timestamp (32 bits)
     * @param arrivalNanos {@link System#nanoTime()} at arrival
     * @param retransmit   true for a packet recovered through RTX: it does not feed the jitter
     */
    public void onPacket(long extSeq, long rtpTimestamp, long arrivalNanos, boolean retransmit) {
        if (baseSeq < 0) {
            baseSeq = extSeq;
            maxSeq = extSeq;
        }
        received++;
        if (extSeq > maxSeq) {
            maxSeq = extSeq;
        }
        if (retransmit) {
            return;
        }
        // A.8: transit = arrival (in timestamp units) - timestamp; J += (|D| - J) / 16.
        long arrival = (long) (arrivalNanos / 1e9 * clockRate);
        long transit = (arrival - rtpTimestamp) & 0xFFFFFFFFL;
        if (lastTransit != Long.MIN_VALUE) {
            long d = (int) (transit - lastTransit); // wrap-aware 32-bit difference
            jitter += (Math.abs(d) - jitter) / 16.0;
        }
        lastTransit = transit;
    }

    /** Records a sender report of this SSRC (for LSR and DLSR). */
    public void onSenderReport(long compactNtp, long arrivalNanos) {
        lastSrCompact = compactNtp;
        lastSrArrivalNanos = arrivalNanos;
        haveSr = true;
    }

    /** Packets expected so far (A.3). */
    public long expected() {
        return baseSeq < 0 ? 0 : maxSeq - baseSeq + 1;
    }

    /** Packets received so far. */
    public long received() {
        return received;
    }

    /** Cumulative packets lost (A.3); negative with duplicates. */
    public long cumulativeLost() {
        return expected() - received;
    }

    /** Jitter in milliseconds. */
    public double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }

    /** The SSRC reported on. */
    public long ssrc() {
        return ssrc;
    }

    /**
     * The report block for an RR sent now, and resets the interval counters (A.3).
     *
     * @param nowNanos {@link System#nanoTime()} now, for DLSR
     */
    public ReportBlock report(long nowNanos) {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0
                : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long dlsr = haveSr ? Math.max(0, (nowNanos - lastSrArrivalNanos) * 65536 / 1_000_000_000L) : 0;
        return new ReportBlock(ssrc, fraction, (int) Math.max(-0x800000, Math.min(0x7FFFFF, cumulativeLost())),
                Math.max(0, maxSeq - 65536) & 0xFFFFFFFFL, (long) jitter & 0xFFFFFFFFL, haveSr ? lastSrCompact : 0,
                dlsr & 0xFFFFFFFFL);
    }
}
