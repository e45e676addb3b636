// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import java.time.Instant;

/**
 * A stored stream, without any form of its key. Immutable.
 *
 * @param id           short random id (see {@link StreamIds})
 * @param title        human-readable title, 1..200 characters
 * @param keyRotatedAt when the current key was issued
 * @param createdAt    when the stream was created
 * @param updatedAt    when title or key last changed
 */
public record StreamInfo(String id, String title, Instant keyRotatedAt, Instant createdAt, Instant updatedAt) {
}
