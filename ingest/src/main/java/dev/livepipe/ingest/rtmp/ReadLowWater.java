// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fewer wake-ups for a publishing connection, without delaying any message the chunk decoder is
 * in the middle of: sets the socket's receive low-water mark ({@code SO_RCVLOWAT}), so the kernel
 * reports the socket readable only once that many bytes wait (or the peer closed, or the receive
 * buffer is under pressure). After every read the mark follows the decoder:
 * <ul>
 *   <li>inside a message, the payload bytes still missing from it (at most {@link #MAX_MARK}): the
 *       event loop wakes when the message can be complete, not for each TCP segment of a
 *       keyframe, and never later than the message completes;</li>
 *   <li>at a message boundary, once the publisher has sent video, the configured mark (1 KiB by
 *       default): an encoder writes every audio frame (about 47 a second for AAC at 48 kHz, a few
 *       hundred bytes each) on its own, and these now ride along with the next video frame
 *       instead of waking the loop each. Audio-only publishers keep a mark of 1 byte here, since
 *       their segments are cut on audio frames.</li>
 * </ul>
 * Bytes are never reordered or lost. A small message at a boundary (an audio frame, a video frame
 * under the mark, a command) is read when the next message starts arriving, and never later than
 * {@link #MAX_HOLD_MILLIS} after the last read: each read re-arms a one-shot timer that drops the
 * mark to 1 byte when it fires (Linux 4.18+ re-evaluates readiness when the mark changes), so a
 * publisher that stops sending media (an unpublish command, then waiting) is still answered. While
 * media flows the timer is pushed back by every read and never fires, so it costs the event loop
 * no wake-up of its own (a periodic check here was a sixth of one stream's wake-ups). HLS segments
 * are cut when the closing keyframe is complete; only a keyframe smaller than the mark (tiny or
 * static pictures) can wait for the next message. The caller caps the mark at the bytes left
 * before it owes the peer an Acknowledgement, so a peer that waits for one is never held.
 *
 * <p>Marks stay at or below {@link #MAX_MARK} and a quarter of the socket's receive buffer, so the
 * kernel never has to enlarge the buffer (and clamp the window) to honour them. Only on Linux 4.18
 * or newer, Netty's native epoll transport and plain RTMP (under TLS the kernel counts ciphertext,
 * so a record's tail could wait for a mark); elsewhere nothing is set.
 *
 * <p>Threading: every method runs on the connection's event loop (the socket channel's, where the
 * hold timer runs too), except {@link #mark()}, which any thread may call.
 */
final class ReadLowWater {

    private static final Logger LOG = LoggerFactory.getLogger(ReadLowWater.class);

    /** Longest the mark stays set after the last read: the most a byte waits in the kernel. */
    static final long MAX_HOLD_MILLIS = 250;

    /** The largest mark ever set. */
    static final int MAX_MARK = 16 * 1024;

    /** Linux {@code SOL_SOCKET}, {@code SO_RCVLOWAT} (asm-generic/socket.h; x86 and arm). */
    private static final IntegerUnixChannelOption SO_RCVLOWAT =
            new IntegerUnixChannelOption("SO_RCVLOWAT", 1, 18);

    /** Linux 4.18 added the wake-up when the mark is lowered ({@code tcp_set_rcvlowat}). */
    private static final boolean KERNEL_OK = kernelAtLeast(System.getProperty("os.name", ""),
            System.getProperty("os.version", ""), 4, 18);

    private final Channel channel; // null: not an epoll socket, or turned off
    private final int maxMark;
    private final int boundaryMark;
    private final String prefix;
    private volatile int mark = 1; // as set on the socket; read by describe() on any thread
    private final Runnable holdExpired = this::holdExpired;
    private ScheduledFuture<?> hold; // the one-shot hold timer while a mark is set, else null

    /**
     * @param socket       the connection's socket
     * @param boundaryMark the mark at message boundaries; 1 or less turns this off
     * @param prefix       log prefix of the connection
     */
    ReadLowWater(NetSocket socket, int boundaryMark, String prefix) {
        this.prefix = prefix;
        Channel c = null;
        int max = 1;
        if (boundaryMark > 1 && KERNEL_OK && socket instanceof NetSocketInternal raw) {
            Channel ch = raw.channelHandlerContext().channel();
            if (ch.getClass().getName().startsWith("io.netty.channel.epoll.")) {
                Integer rcvbuf = ch.config().getOption(ChannelOption.SO_RCVBUF);
                max = Math.min(MAX_MARK, rcvbuf == null ? 1 : rcvbuf / 4);
                c = max > 1 ? ch : null;
            }
        }
        this.channel = c;
        this.maxMark = max;
        this.boundaryMark = Math.min(boundaryMark, max);
    }

    static boolean kernelAtLeast(String osName, String osVersion, int major, int minor) {
        if (!osName.equals("Linux")) {
            return false;
        }
        String[] parts = osVersion.split("[.-]");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || ma == major && mi >= minor;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Sets the mark for what the decoder needs next; call after each read while publishing.
     *
     * @param bytesToFinishMessage from {@code ChunkDecoder.bytesToFinishMessage()}: 0 at a message
     *                             boundary, else the payload bytes still missing
     * @param videoSeen            whether the publisher has sent video (boundaries are batched
     *                             only then)
     * @param bytesUntilAck        bytes still to read before an Acknowledgement is owed to the peer
     */
    void afterRead(int bytesToFinishMessage, boolean videoSeen, long bytesUntilAck) {
        if (channel == null) {
            return;
        }
        int wanted = bytesToFinishMessage > 0 ? Math.min(bytesToFinishMessage, maxMark)
                : videoSeen ? boundaryMark : 1;
        wanted = (int) Math.max(1, Math.min(wanted, bytesUntilAck));
        if (wanted != mark && set(wanted)) {
            mark = wanted;
        }
        cancelHold();
        if (mark > 1) {
            hold = channel.eventLoop().schedule(holdExpired, MAX_HOLD_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Drops the mark to 1 byte and cancels the hold timer (publishing ended, or the connection closes). */
    void release() {
        cancelHold();
        if (mark > 1 && set(1)) {
            mark = 1;
        }
    }

    /** The mark set on the socket now (1: none). */
    int mark() {
        return mark;
    }

    private void cancelHold() {
        if (hold != null) {
            hold.cancel(false); // on the event loop: taken off its timer queue at once
            hold = null;
        }
    }

    /** Nothing was read for {@link #MAX_HOLD_MILLIS}: whatever waits in the kernel is read now. */
    private void holdExpired() {
        hold = null;
        if (mark > 1 && set(1)) {
            mark = 1; // the next read sets a mark again
        }
    }

    private boolean set(int value) {
        try {
            if (channel.isOpen() && channel.config().setOption(SO_RCVLOWAT, value)) {
                return true;
            }
        } catch (RuntimeException e) {
            LOG.debug("{} SO_RCVLOWAT {} not set: {}", prefix, value, e.toString());
        }
        return false;
    }
}
