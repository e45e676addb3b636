// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.s3;

import java.time.Instant;

/**
 * What the object store says about one object. Immutable.
 *
 * @param key          object key inside the bucket
 * @param size         size in bytes
 * @param eTag         entity tag without surrounding quotes
 * @param contentType  MIME type, or {@code null} when unknown (listings do not carry it)
 * @param lastModified last modification time as reported by the store
 */
public record ObjectInfo(String key, long size, String eTag, String contentType, Instant lastModified) {
}
