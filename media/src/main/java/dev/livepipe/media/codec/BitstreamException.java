// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * A parameter set or decoder configuration record that cannot be parsed. Edges treat it as a
 * protocol error of the one connection that sent it.
 */
public final class BitstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A parse error described by {@code message}. */
    public BitstreamException(String message) {
        super(message);
    }
}
