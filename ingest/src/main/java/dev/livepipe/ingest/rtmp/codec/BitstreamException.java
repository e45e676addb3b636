// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.codec;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;

/** A parameter set or decoder configuration record that cannot be parsed. */
public final class BitstreamException extends RtmpProtocolException {

    private static final long serialVersionUID = 1L;

    /** A parse error described by {@code message}. */
    public BitstreamException(String message) {
        super(message);
    }
}
