// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * A malformed RTP or RTCP packet (or a payload the depacketizers cannot read). The receive path
 * drops the one packet, counts it and goes on; it never closes the session for it.
 */
public final class RtpException extends RuntimeException {

    public RtpException(String message) {
        super(message, null, false, false);
    }
}
