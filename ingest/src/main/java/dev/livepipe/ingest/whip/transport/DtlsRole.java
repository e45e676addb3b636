// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

/**
 * Livepipe's side of the DTLS handshake (RFC 6347) for one session; also fixes which half of the
 * DTLS-SRTP keying material protects which direction (RFC 5764 §4.2).
 */
public enum DtlsRole {
    /** We accept the browser's ClientHello; the answer says {@code a=setup:passive}. */
    SERVER,
    /** We send the ClientHello; the answer says {@code a=setup:active}. */
    CLIENT;

    /** The {@code a=setup} value the answer must carry for this role (RFC 5763 §5). */
    public String answerSetup() {
        return this == SERVER ? "passive" : "active";
    }
}
