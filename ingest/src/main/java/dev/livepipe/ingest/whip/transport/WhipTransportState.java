// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

/** Life cycle of a {@link WhipTransport}; only moves forward. */
public enum WhipTransportState {
    /** ICE connectivity checks running (RFC 8445 §7). */
    CHECKING,
    /** A candidate pair is valid; the DTLS handshake runs (RFC 6347, RFC 5764 §4). */
    HANDSHAKE,
    /** SRTP keys installed; media flows. */
    CONNECTED,
    /** Failed (ICE, consent (RFC 7675), DTLS or timeout); resources freed or being freed. */
    FAILED,
    /** Closed by its owner or by the peer's close_notify. */
    CLOSED
}
