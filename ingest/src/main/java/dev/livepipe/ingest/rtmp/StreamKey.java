// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stream key as a publisher presented it. Keys are secrets: {@link #toString()} shows only a
 * short fingerprint (the first four hex digits of its SHA-256), so a key that slips into a log
 * line or a {@code describe()} snapshot does not leak.
 */
public final class StreamKey {

    private final String secret;
    private final String fingerprint;

    private StreamKey(String secret) {
        this.secret = secret;
        this.fingerprint = fingerprintOf(secret);
    }

    /**
     * The key from an RTMP {@code publish} name: everything before the first {@code ?} (OBS and
     * others append query strings, e.g. {@code key?bandwidthtest=true}).
     */
    public static StreamKey fromPublishName(String publishName) {
        int q = publishName.indexOf('?');
        return new StreamKey(q >= 0 ? publishName.substring(0, q) : publishName);
    }

    /** The key itself: only for the authorizer. */
    public String reveal() {
        return secret;
    }

    /** True if the key is empty. */
    public boolean isEmpty() {
        return secret.isEmpty();
    }

    /** Four hex digits of the key's SHA-256, safe to log. */
    public String fingerprint() {
        return fingerprint;
    }

    /** {@code key#abcd}: the fingerprint, never the key. */
    @Override
    public String toString() {
        return "key#" + fingerprint;
    }

    private static String fingerprintOf(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
