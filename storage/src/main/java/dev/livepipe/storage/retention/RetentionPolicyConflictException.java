// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

/**
 * A retention policy change that the current state forbids: the name is taken, or the
 * policy to delete is the default or still assigned to streams. An HTTP layer maps it to
 * 409 Conflict; the message says why and contains no secrets.
 */
public final class RetentionPolicyConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RetentionPolicyConflictException(String message) {
        super(message);
    }
}
