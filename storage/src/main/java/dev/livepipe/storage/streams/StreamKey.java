// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import java.util.Objects;

/**
 * A plaintext stream key, the secret a broadcaster pastes into OBS or sends as a WHIP
 * bearer token. It exists in plaintext only when created or rotated; the database keeps
 * its hash (see {@link StreamKeys#hash}).
 *
 * <p>{@code toString()} never shows the key, so an accidental log line leaks nothing; read
 * it deliberately with {@link #reveal()}. Immutable.
 */
public final class StreamKey {

    private final String value;

    private StreamKey(String value) {
        this.value = value;
    }

    /** Wraps a presented key without validating it. */
    public static StreamKey of(String value) {
        return new StreamKey(Objects.requireNonNull(value, "value"));
    }

    /** The plaintext key: hand it to the broadcaster once, never log it. */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison of the keys. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StreamKey key && StreamKeys.constantTimeEquals(value, key.value);
    }

    @Override
    public int hashCode() {
        return 0; // keys are not meant for hash maps; avoid deriving anything from the secret
    }

    @Override
    public String toString() {
        return "StreamKey[<redacted>]";
    }
}
