// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/**
 * An SDP offer or trickle fragment that Livepipe refuses: malformed (RFC 8866 §5), over a size
 * limit, or not a WHIP publish (RFC 9725 §4.2). The message is one line, safe to send back to
 * the client as the body of a {@code 400}: it never echoes more than a short, sanitized excerpt
 * of the input.
 */
public class SdpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line, no secrets */
    public SdpException(String message) {
        super(message, null, false, false);
    }
}
