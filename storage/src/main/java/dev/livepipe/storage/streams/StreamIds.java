// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import java.security.SecureRandom;

/**
 * Stream ids: 12 random base62 characters (about 71 bits), short enough for URLs such as
 * {@code /watch/{id}} and not guessable. Thread-safe.
 */
public final class StreamIds {

    /** Length of a generated id. */
    public static final int LENGTH = 12;

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamIds() {
    }

    /** A new random id. */
    public static String generate() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    /** Whether {@code id} has the shape of a stream id (cheap check before a lookup). */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (ALPHABET.indexOf(id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
