// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint, {@code a=fingerprint:<hash> <hex:hex:…>} (RFC 8122 §5). MD5 and
 * MD2 are refused (RFC 8122 §5: "MUST NOT"); the value's length must match the hash.
 *
 * @param hashFunction lower-case hash name as in the IANA registry, e.g. {@code sha-256}
 * @param value        upper-case hex pairs separated by colons
 */
public record Fingerprint(String hashFunction, String value) {

    private static final Map<String, Integer> DIGEST_BYTES = Map.of(
            "sha-1", 20, "sha-224", 28, "sha-256", 32, "sha-384", 48, "sha-512", 64);

    /** Validates; see {@link #parse(String)} for the accepted forms. */
    public Fingerprint {
        Integer bytes = DIGEST_BYTES.get(hashFunction);
        if (bytes == null) {
            throw new SdpException("unsupported fingerprint hash (RFC 8122 §5: sha-1 .. sha-512, never md5/md2)");
        }
        if (value.length() != bytes * 3 - 1) {
            throw new SdpException("fingerprint length does not match " + hashFunction);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
            if (!ok) {
                throw new SdpException("fingerprint is not colon-separated upper-case hex");
            }
        }
    }

    /** Parses the attribute value {@code sha-256 AB:CD:…} (hex in either case). */
    public static Fingerprint parse(String attributeValue) {
        String[] f = SdpText.fields(attributeValue);
        if (f.length != 2) {
            throw new SdpException("a=fingerprint needs '<hash> <hex>'");
        }
        return new Fingerprint(f[0].toLowerCase(Locale.ROOT), f[1].toUpperCase(Locale.ROOT));
    }

    /** The SHA-256 fingerprint of a digest already computed, e.g. of a DER certificate. */
    public static Fingerprint sha256(byte[] digest) {
        String hex = HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        return new Fingerprint("sha-256", hex);
    }

    /** The attribute value, {@code sha-256 AB:CD:…}. */
    public String toSdp() {
        return hashFunction + " " + value;
    }
}
