// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

/**
 * The peer broke the RTMP, AMF0 or FLV rules in a way that ends its connection (and only its
 * connection). The message is meant for a log line: it names what was wrong, never secrets.
 */
public class RtmpProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A protocol violation described by {@code message}. */
    public RtmpProtocolException(String message) {
        super(message);
    }

    /** A protocol violation with the lower-level cause. */
    public RtmpProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
