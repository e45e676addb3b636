// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * A certificate fingerprint as carried by {@code a=fingerprint} (RFC 8122 §5): hash function name
 * and colon-separated hex digest. MD2/MD5 are refused (RFC 8122 §5: SHA-256 or stronger is
 * expected; SHA-1 is accepted for old peers). Immutable; the hex is kept upper case.
 *
 * @param hashFunction lower-case hash name: {@code sha-1}, {@code sha-224}, {@code sha-256},
 *                     {@code sha-384} or {@code sha-512}
 * @param hex          the digest as upper-case colon hex, e.g. {@code AB:CD:...}
 */
public record Fingerprint(String hashFunction, String hex) {

    private static final Set<String> ALLOWED = Set.of("sha-1", "sha-224", "sha-256", "sha-384", "sha-512");
    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public Fingerprint {
        hashFunction = hashFunction.toLowerCase(Locale.ROOT);
        if (!ALLOWED.contains(hashFunction)) {
            throw new IllegalArgumentException("unsupported fingerprint hash: " + hashFunction);
        }
        hex = hex.toUpperCase(Locale.ROOT);
        byte[] digest = COLON_HEX.parseHex(hex); // validates the format
        if (digest.length != digestLength(hashFunction)) {
            throw new IllegalArgumentException("fingerprint length does not fit " + hashFunction);
        }
    }

    /** Parses the attribute value, e.g. {@code "sha-256 AB:CD:..."}. */
    public static Fingerprint parse(String attributeValue) {
        String[] parts = attributeValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("malformed a=fingerprint");
        }
        return new Fingerprint(parts[0], parts[1]);
    }

    /** The fingerprint of a DER-encoded certificate with the named hash function. */
    public static Fingerprint of(String hashFunction, byte[] der) {
        return new Fingerprint(hashFunction, COLON_HEX.formatHex(digest(hashFunction, der)));
    }

    /** Whether {@code der} (a DER certificate) has this fingerprint; compares in constant time. */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(COLON_HEX.parseHex(hex), digest(hashFunction, der));
    }

    /** The attribute value, e.g. {@code "sha-256 AB:CD:..."}. */
    public String toSdpValue() {
        return hashFunction + " " + hex;
    }

    private static byte[] digest(String hashFunction, byte[] der) {
        try {
            return MessageDigest.getInstance(hashFunction.toUpperCase(Locale.ROOT)).digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int digestLength(String hashFunction) {
        return switch (hashFunction) {
            case "sha-1" -> 20;
            case "sha-224" -> 28;
            case "sha-256" -> 32;
            case "sha-384" -> 48;
            default -> 64;
        };
    }
}
