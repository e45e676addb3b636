// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the packets of one SSRC back in sequence-number order (RFC 3550 §5.1: sequence numbers
 * increment by one per packet) and finds the holes: a hole waits up to the reorder window for
 * its packet (late original or RTX repair, RFC 4588) and is NACKed meanwhile (RFC 4585 §6.2.1,
 * rate-limited per sequence number, a bounded number of times); then it is given up and the
 * sink hears a gap so the depacketizer can drop the incomplete frame.
 *
 * <p>Memory is bounded: a ring of {@code capacity} slots (a power of two); a packet more than
 * {@code capacity} ahead of the release point forces older holes out early; a jump of more than
 * {@code capacity} (a sender restart) flushes and starts over. Late packets (behind the release
 * point) and duplicates are dropped and counted.
 *
 * <p>Ownership: packets handed to {@link #insert} must be owned copies ({@link RtpPacket#copy()});
 * the buffer passes them on to the sink and forgets them. Not thread-safe: confined to the
 * receiver's lock.
 */
public final class JitterBuffer {

    /** Receives packets in order, and gaps where packets were given up. */
    public interface Sink {
        /** The next packet in order. */
        void packet(RtpPacket packet, long extSeq, long arrivalNanos);

        /** {@code count} packets before the next one were lost for good. */
        void gap(int count);
    }

    /** What {@link #insert} did with a packet. */
    public enum Result { ACCEPTED, DUPLICATE, LATE }

    private static final int MAX_NACK_ENTRIES = 256;

    private final int capacity;
    private final int mask;
    private final long windowNanos;
    private final boolean nack;
    private final long nackRetryNanos;
    private final int nackMaxRetries;
    private final RtpPacket[] slots;
    private final long[] slotArrival;
    private final long[] holeSince; // detection time of the hole at each slot (valid when the slot is empty)
    private final Map<Long, long[]> nacks = new LinkedHashMap<>(); // ext seq -> {lastSentNanos, sends}
    private final Unwrapper unwrapper = new Unwrapper(16);
    private long nextOut = -1;
    private long highest = -1;
    private long accepted;
    private long duplicates;
    private long late;
    private long lost;
    private long recovered;
    private long nackRequests;

    /**
     * @param capacity       ring slots, a power of two (e.g. 1024)
     * @param windowNanos    how long a hole waits for its packet before it is given up
     * @param nack           whether to produce NACKs for holes
     * @param nackRetryNanos minimum time between two NACKs of one sequence number
     * @param nackMaxRetries how often one sequence number is NACKed at most
     */
    public JitterBuffer(int capacity, long windowNanos, boolean nack, long nackRetryNanos, int nackMaxRetries) {
        if (Integer.bitCount(capacity) != 1 || capacity < 16) {
            throw new IllegalArgumentException("capacity must be a power of two >= 16");
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.windowNanos = windowNanos;
        this.nack = nack;
        this.nackRetryNanos = nackRetryNanos;
        this.nackMaxRetries = nackMaxRetries;
        this.slots = new RtpPacket[capacity];
        this.slotArrival = new long[capacity];
        this.holeSince = new long[capacity];
    }

    /** The extended sequence number {@code seq} would get (for RTX and statistics). */
    public long extend(int seq) {
        return unwrapper.peek(seq);
    }

    /**
     * Takes one packet (an owned copy) with 16-bit sequence number {@code seq}, then releases
     * whatever is now in order to {@code sink}.
     */
    public Result insert(int seq, RtpPacket packet, long arrivalNanos, Sink sink) {
        long ext = unwrapper.unwrap(seq);
        if (nextOut < 0) {
            nextOut = ext;
            highest = ext - 1;
        }
        if (ext < nextOut) {
            late++;
            return Result.LATE;
        }
        if (ext - nextOut >= capacity) {
            if (ext - highest > capacity) { // a jump: release what we have, start over here
                flush(sink);
                nextOut = ext;
                highest = ext - 1;
            } else {
                while (ext - nextOut >= capacity) {
                    releaseOne(sink);
                }
            }
        }
        int slot = (int) (ext & mask);
        if (ext <= highest && slots[slot] != null) {
            duplicates++;
            return Result.DUPLICATE;
        }
        if (ext > highest) {
            for (long s = highest + 1; s < ext; s++) {
                holeSince[(int) (s & mask)] = arrivalNanos;
                if (nack && ext - s <= MAX_NACK_ENTRIES) {
                    nacks.put(s, new long[] {0, 0});
                }
            }
            while (nacks.size() > MAX_NACK_ENTRIES) {
                Iterator<Long> it = nacks.keySet().iterator();
                it.next();
                it.remove();
            }
            highest = ext;
        } else if (nacks.remove(ext) != null) {
            recovered++;
        }
        slots[slot] = packet;
        slotArrival[slot] = arrivalNanos;
        accepted++;
        drain(arrivalNanos, sink);
        return Result.ACCEPTED;
    }

    /** Releases in-order packets and gives up holes older than the window. */
    public void drain(long nowNanos, Sink sink) {
        while (nextOut >= 0 && nextOut <= highest) {
            int slot = (int) (nextOut & mask);
            if (slots[slot] != null) {
                releaseOne(sink);
            } else if (nowNanos - holeSince[slot] >= windowNanos) {
                releaseOne(sink);
            } else {
                break;
            }
        }
    }

    /**
     * The 16-bit sequence numbers to NACK now: holes not NACKed within the retry interval and
     * not yet NACKed the maximum number of times. Marks them as sent.
     */
    public List<Integer> nacksDue(long nowNanos) {
        List<Integer> due = new ArrayList<>();
        if (!nack) {
            return due;
        }
        Iterator<Map.Entry<Long, long[]>> it = nacks.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, long[]> e = it.next();
            long[] st = e.getValue();
            if (st[1] >= nackMaxRetries) {
                continue;
            }
            if (st[1] == 0 || nowNanos - st[0] >= nackRetryNanos) {
                st[0] = nowNanos;
                st[1]++;
                nackRequests++;
                due.add((int) (e.getKey() & 0xFFFF));
            }
        }
        return due;
    }

    private void releaseOne(Sink sink) {
        int slot = (int) (nextOut & mask);
        RtpPacket p = slots[slot];
        if (p != null) {
            slots[slot] = null;
            sink.packet(p, nextOut, slotArrival[slot]);
        } else {
            lost++;
            nacks.remove(nextOut);
            sink.gap(1);
        }
        nextOut++;
    }

    private void flush(Sink sink) {
        while (nextOut <= highest) {
            releaseOne(sink);
        }
        nacks.clear();
    }

    /** Packets buffered now. */
    public int buffered() {
        int n = 0;
        for (RtpPacket p : slots) {
            n += p == null ? 0 : 1;
        }
        return n;
    }

    public long accepted() { return accepted; }
    public long duplicates() { return duplicates; }
    public long late() { return late; }
    /** Packets given up for good. */
    public long lost() { return lost; }
    /** Holes filled after they were NACKed or detected (late originals or RTX). */
    public long recovered() { return recovered; }
    /** Sequence numbers NACKed (each retry counts). */
    public long nackRequests() { return nackRequests; }
    public int capacity() { return capacity; }
}
