// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

/** A request body passed {@link WhipConfig#maxBodyBytes()} while it was read. */
final class BodyTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
        super("body too large", null, false, false);
    }
}
