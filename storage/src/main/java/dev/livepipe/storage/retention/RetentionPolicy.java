// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * A retention policy: recordings under it expire {@code retention} after they end. Exactly
 * one policy is the default; it applies to streams without a policy of their own and to
 * recordings whose stream was deleted. Immutable.
 *
 * @param id          database id
 * @param name        unique name, 1..100 characters
 * @param retention   how long recordings are kept after they end, whole seconds, at least 1 s
 * @param description free text, at most 1000 characters, never {@code null}
 * @param isDefault   whether this is the default policy
 * @param createdAt   when it was created
 * @param updatedAt   when it last changed
 */
public record RetentionPolicy(long id, String name, Duration retention, String description, boolean isDefault,
        Instant createdAt, Instant updatedAt) {
}
