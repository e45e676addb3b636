// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagram transport under Bouncy Castle's DTLS (RFC 6347 §4.1): received DTLS records are
 * copied into a bounded queue by the demultiplexer ({@link #offer}); {@link #receive} polls it;
 * {@link #send} hands records to a {@link Sender} (the ICE component). Closing wakes a blocked
 * {@code receive} within 100 ms with an {@link IOException}, which aborts a pending handshake.
 *
 * <p>Threads: {@code offer} from the session worker, {@code receive}/{@code send} from the DTLS
 * handshake thread (or the session worker after the handshake), {@code close} from anywhere.
 * Buffers passed to {@code offer} become the transport's.
 */
public final class DtlsQueueTransport implements DatagramTransport {
    /** Sends one datagram; must be thread-safe. */
    @FunctionalInterface
    public interface Sender {
        void send(byte[] buf, int off, int len) throws IOException;
    }

    /** IPv4 MTU 1500 − IP header − UDP header, as BC's {@code UDPTransport}. */
    private static final int RECEIVE_LIMIT = 1500 - 20 - 8;
    /** Leaves room for IPv6 and TURN framing, as jmt. */
    private static final int SEND_LIMIT = 1500 - 84 - 8;

    private final BlockingQueue<byte[]> queue;
    private final Sender sender;
    private volatile boolean closed;

    public DtlsQueueTransport(int capacity, Sender sender) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.sender = sender;
    }

    /** Queues one received record; false (dropped) if the queue is full or closed. */
    public boolean offer(byte[] datagram) {
        return !closed && queue.offer(datagram);
    }

    /** Whether records are waiting. */
    public boolean hasPending() {
        return !queue.isEmpty();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(waitMillis, 0));
        try {
            while (true) {
                if (closed) {
                    throw new IOException("DTLS transport closed");
                }
                long left = deadline - System.nanoTime();
                byte[] d = queue.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100))),
                        TimeUnit.NANOSECONDS);
                if (d != null) {
                    int n = Math.min(len, d.length);
                    System.arraycopy(d, 0, buf, off, n);
                    return n;
                }
                if (deadline - System.nanoTime() <= 0) {
                    return -1;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("DTLS transport closed");
        }
        sender.send(buf, off, len);
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
