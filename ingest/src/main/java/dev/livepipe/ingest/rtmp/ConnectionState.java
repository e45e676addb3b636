// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

/** Where an RTMP connection is in its life (Adobe RTMP specification 1.0, sections 5.2 and 7.2). */
public enum ConnectionState {
    /** Waiting for C0/C1, then C2. */
    HANDSHAKE,
    /** Handshake done; waiting for {@code connect}. */
    WAITING_CONNECT,
    /** {@code connect} accepted; streams may be created. */
    CONNECTED,
    /** {@code publish} received; the authorizer is deciding. */
    AUTHORIZING,
    /** Publishing into the hub. */
    PUBLISHING,
    /** Closed. */
    CLOSED
}
