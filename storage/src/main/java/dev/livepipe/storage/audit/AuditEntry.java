// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.audit;

/**
 * An event to append with {@link AuditLog#recordAll}; the log stamps id and time. Immutable.
 *
 * @param actor      who, 1..200 characters
 * @param action     what, 1..100 characters
 * @param targetType kind of target (at most 100 characters) or {@code null}
 * @param targetId   target id (at most 200 characters) or {@code null}
 * @param detailJson a JSON document or {@code null}
 */
public record AuditEntry(String actor, String action, String targetType, String targetId, String detailJson) {
}
