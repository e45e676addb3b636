// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

/**
 * What a {@link WhipTransport} tells its owner (the RTP receive path and the WHIP resource).
 *
 * <p>Thread: every method is called on a {@code whip-rx} pool thread, one call at a time per
 * session and in arrival order (a per-session serial queue over a shared pool), never on an
 * event loop and never on ice4j's shared socket thread. A listener must not block for long:
 * it holds up only its own session, but it occupies a pool thread. Calls for different sessions
 * run concurrently.
 *
 * <p>Order per session: any number of {@code onRtp}/{@code onRtcp} only after
 * {@link #onConnected()}; at most one {@link #onFailed}; {@link #onClosed()} exactly once and last.
 *
 * <p>Buffer ownership: {@code buf} is the transport's, valid only during the call; the region
 * {@code [off, off + len)} holds one decrypted packet (SRTP tag and SRTCP index removed). Copy
 * whatever you keep. Exceptions thrown by the listener are logged and otherwise ignored.
 */
public interface TransportListener {

    /** ICE connected and the DTLS-SRTP handshake completed (RFC 5764 §4); media can flow. */
    void onConnected();

    /**
     * One decrypted RTP packet (RFC 3711 §3.3).
     *
     * @param arrivalNanos {@link System#nanoTime()} when ice4j handed the datagram over
     */
    void onRtp(byte[] buf, int off, int len, long arrivalNanos);

    /** One decrypted compound RTCP packet (RFC 3711 §3.4, multiplexed per RFC 5761). */
    void onRtcp(byte[] buf, int off, int len, long arrivalNanos);

    /**
     * The session failed (ICE did not connect in time, ICE failed or consent was lost (RFC 7675),
     * DTLS failed or timed out, fingerprint mismatch); resources are being freed and
     * {@link #onClosed()} follows.
     */
    void onFailed(String reason);

    /** Everything of the session is freed (agent, DTLS, SRTP keys); the last call. */
    void onClosed();
}
