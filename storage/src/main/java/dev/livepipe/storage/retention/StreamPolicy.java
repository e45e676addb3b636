// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

/**
 * Which retention policy governs a stream's recordings. Immutable.
 *
 * @param streamId         the stream
 * @param assignedPolicyId the policy assigned to the stream, or {@code null} when it follows
 *                         the default
 * @param effective        the policy that applies: the assigned one or the default
 */
public record StreamPolicy(String streamId, Long assignedPolicyId, RetentionPolicy effective) {
}
