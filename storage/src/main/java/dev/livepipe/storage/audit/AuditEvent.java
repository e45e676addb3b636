// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.audit;

import java.time.Instant;

/**
 * One recorded action. Immutable.
 *
 * @param id         increasing id (insertion order)
 * @param at         when it happened
 * @param actor      who did it, e.g. {@code admin} or {@code retention-sweeper}
 * @param action     what was done, e.g. {@code stream.create}
 * @param targetType kind of object acted on, e.g. {@code stream}, or {@code null}
 * @param targetId   id of the object acted on, or {@code null}
 * @param detail     further detail as a JSON document, or {@code null}
 */
public record AuditEvent(long id, Instant at, String actor, String action, String targetType, String targetId,
        String detail) {
}
