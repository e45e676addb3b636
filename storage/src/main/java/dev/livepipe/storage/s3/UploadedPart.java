// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.s3;

import java.util.Objects;

/**
 * One uploaded part of a multipart upload, as needed to complete it. Immutable.
 *
 * @param partNumber 1-based part number (at most 10,000)
 * @param eTag       entity tag the store returned for the part, as returned (quotes kept)
 */
public record UploadedPart(int partNumber, String eTag) {

    public UploadedPart {
        if (partNumber < 1 || partNumber > 10_000) {
            throw new IllegalArgumentException("part number " + partNumber + " not in 1..10000");
        }
        Objects.requireNonNull(eTag, "eTag");
    }
}
