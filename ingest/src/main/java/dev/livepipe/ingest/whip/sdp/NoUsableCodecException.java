// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/**
 * A well-formed offer without any codec Livepipe can receive: no H.264 (packetization-mode 1,
 * RFC 6184 §8.1), no VP8 (RFC 7741) and no Opus/48000/2 (RFC 7587). The WHIP resource answers
 * {@code 406 Not Acceptable}.
 */
public final class NoUsableCodecException extends SdpException {

    private static final long serialVersionUID = 1L;

    /** @param message one line, no secrets */
    public NoUsableCodecException(String message) {
        super(message);
    }
}
