// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.handshake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digest ("complex") handshake of Flash Player, Flash Media Server, librtmp, OBS and FFmpeg,
 * which the published RTMP specification 1.0 does not describe (its section 5.2 only has the
 * plain form). A 1536-byte C1/S1 carries a 32-byte HMAC-SHA256 digest of the other 1504 bytes at
 * a position derived from four offset bytes; two layouts ("schemes") exist:
 *
 * <ul>
 *   <li>scheme 0: offset bytes at 8..11, digest at {@code sum % 728 + 12};</li>
 *   <li>scheme 1: offset bytes at 772..775, digest at {@code sum % 728 + 776}.</li>
 * </ul>
 *
 * <p>The client signs C1 with the first 30 bytes of the Genuine Flash Player key, the server
 * signs S1 with the first 36 bytes of the Genuine Flash Media Server key, and S2 ends with
 * {@code HMAC(HMAC(fullServerKey, clientDigest), S2[0..1504))}. This matches FFmpeg's
 * {@code libavformat/rtmpproto.c} and {@code rtmpdigest.c}.
 *
 * <p>Stateless and thread-safe.
 */
public final class HandshakeDigest {

    /** Size of C1, C2, S1 and S2. */
    public static final int PACKET_SIZE = 1536;
    /** Size of an HMAC-SHA256 digest. */
    public static final int DIGEST_SIZE = 32;

    private static final byte[] KEY_TAIL = {
        (byte) 0xF0, (byte) 0xEE, (byte) 0xC2, (byte) 0x4A, (byte) 0x80, (byte) 0x68, (byte) 0xBE,
        (byte) 0xE8, (byte) 0x2E, (byte) 0x00, (byte) 0xD0, (byte) 0xD1, (byte) 0x02, (byte) 0x9E,
        (byte) 0x7E, (byte) 0x57, (byte) 0x6E, (byte) 0xEC, (byte) 0x5D, (byte) 0x2D, (byte) 0x29,
        (byte) 0x80, (byte) 0x6F, (byte) 0xAB, (byte) 0x93, (byte) 0xB8, (byte) 0xE6, (byte) 0x36,
        (byte) 0xCF, (byte) 0xEB, (byte) 0x31, (byte) 0xAE,
    };

    /** "Genuine Adobe Flash Player 001" followed by the 32 shared key bytes (62 bytes). */
    public static final byte[] CLIENT_KEY = concat("Genuine Adobe Flash Player 001", KEY_TAIL);
    /** How many bytes of {@link #CLIENT_KEY} sign C1. */
    public static final int CLIENT_KEY_OPEN_PART = 30;
    /** "Genuine Adobe Flash Media Server 001" followed by the 32 shared key bytes (68 bytes). */
    public static final byte[] SERVER_KEY = concat("Genuine Adobe Flash Media Server 001", KEY_TAIL);
    /** How many bytes of {@link #SERVER_KEY} sign S1. */
    public static final int SERVER_KEY_OPEN_PART = 36;

    private HandshakeDigest() {
    }

    /** Where the digest sits in a 1536-byte packet under {@code scheme} 0 or 1. */
    public static int digestPosition(byte[] packet, int scheme) {
        int offsetAt = scheme == 0 ? 8 : 772;
        int sum = (packet[offsetAt] & 0xFF) + (packet[offsetAt + 1] & 0xFF)
                + (packet[offsetAt + 2] & 0xFF) + (packet[offsetAt + 3] & 0xFF);
        return sum % 728 + offsetAt + 4;
    }

    /** HMAC-SHA256 of {@code packet} without the 32 bytes at {@code gap}, keyed by {@code key}. */
    public static byte[] digest(byte[] packet, int gap, byte[] key, int keyLength) {
        Mac mac = hmac(key, keyLength);
        mac.update(packet, 0, gap);
        mac.update(packet, gap + DIGEST_SIZE, packet.length - gap - DIGEST_SIZE);
        return mac.doFinal();
    }

    /** HMAC-SHA256 of all of {@code data[0..length)}. */
    public static byte[] hmacSha256(byte[] key, int keyLength, byte[] data, int length) {
        Mac mac = hmac(key, keyLength);
        mac.update(data, 0, length);
        return mac.doFinal();
    }

    /**
     * Finds a valid client digest in C1, trying scheme 0, then scheme 1.
     *
     * @return the scheme (0 or 1), or -1 if C1 carries no valid digest (a plain handshake)
     */
    public static int clientScheme(byte[] c1) {
        for (int scheme = 0; scheme <= 1; scheme++) {
            int pos = digestPosition(c1, scheme);
            byte[] expected = digest(c1, pos, CLIENT_KEY, CLIENT_KEY_OPEN_PART);
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(c1, pos, pos + DIGEST_SIZE))) {
                return scheme;
            }
        }
        return -1;
    }

    /** Writes the server digest into S1 at the position of {@code scheme}. */
    public static void signS1(byte[] s1, int scheme) {
        int pos = digestPosition(s1, scheme);
        byte[] d = digest(s1, pos, SERVER_KEY, SERVER_KEY_OPEN_PART);
        System.arraycopy(d, 0, s1, pos, DIGEST_SIZE);
    }

    /** Writes the signature derived from the client's digest into the last 32 bytes of S2. */
    public static void signS2(byte[] s2, byte[] clientDigest) {
        byte[] key = hmacSha256(SERVER_KEY, SERVER_KEY.length, clientDigest, DIGEST_SIZE);
        byte[] signature = hmacSha256(key, DIGEST_SIZE, s2, PACKET_SIZE - DIGEST_SIZE);
        System.arraycopy(signature, 0, s2, PACKET_SIZE - DIGEST_SIZE, DIGEST_SIZE);
    }

    private static Mac hmac(byte[] key, int keyLength) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, 0, keyLength, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] concat(String text, byte[] tail) {
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
