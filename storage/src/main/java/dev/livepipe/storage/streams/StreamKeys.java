// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Stream keys: generation, hashing and comparison.
 *
 * <p>A key is 32 bytes from {@link SecureRandom}, base64url without padding (43
 * characters). Such a key has 256 bits of entropy, so one fast SHA-256 is the right hash:
 * a slow password hash would add nothing but latency to every publish. The database
 * stores the lowercase hex digest. Stateless and thread-safe.
 */
public final class StreamKeys {

    /** Length of a generated key in characters. */
    public static final int KEY_LENGTH = 43;
    /** Longest presented key that is hashed at all; anything longer cannot match. */
    public static final int MAX_PRESENTED_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StreamKeys() {
    }

    /** A new random key. */
    public static StreamKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return StreamKey.of(ENCODER.encodeToString(bytes));
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes (64 characters). */
    public static String hash(StreamKey key) {
        return hash(key.reveal());
    }

    /** Lowercase hex SHA-256 of {@code plaintext}'s UTF-8 bytes (64 characters). */
    public static String hash(String plaintext) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Whether {@code presented} hashes to {@code expectedHash}, compared in constant time.
     * Use this for secrets checked against one stored hash (e.g. an admin token).
     */
    public static boolean matches(String presented, String expectedHash) {
        if (presented == null || expectedHash == null || presented.length() > MAX_PRESENTED_LENGTH) {
            return false;
        }
        return constantTimeEquals(hash(presented), expectedHash);
    }

    /** Whether a presented key is plausible enough to look up (non-empty, bounded). */
    public static boolean plausible(String presented) {
        return presented != null && !presented.isEmpty() && presented.length() <= MAX_PRESENTED_LENGTH;
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
