// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** A {@link TransportListener} that records what it hears, for tests. Thread-safe. */
final class RecordingListener implements TransportListener {
    final CountDownLatch connected = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    volatile String failure;
    volatile String callThread;

    @Override
    public void onConnected() {
        callThread = Thread.currentThread().getName();
        connected.countDown();
    }

    @Override
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        rtp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len, long arrivalNanos) {
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void onFailed(String reason) {
        failure = reason;
    }

    @Override
    public void onClosed() {
        closed.countDown();
    }
}
