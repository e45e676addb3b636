// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;

/** Malformed AMF0: a bogus marker, a length past the end, nesting too deep. */
public final class Amf0Exception extends RtmpProtocolException {

    private static final long serialVersionUID = 1L;

    /** An AMF0 decoding error at byte {@code offset} of the value being read. */
    public Amf0Exception(String message, int offset) {
        super("AMF0: " + message + " at offset " + offset);
    }
}
