// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The entity tag S3 gives an object assembled by a multipart upload, computed locally: the hex
 * MD5 of the concatenated binary MD5s of the parts, a dash and the part count (AWS, MinIO and
 * S3Proxy agree). Comparing it with what HEAD reports proves the store holds exactly the parts
 * we sent. Stateless.
 */
final class MultipartEtag {

    private MultipartEtag() {
    }

    /** MD5 of {@code bytes}. */
    static byte[] md5(byte[] bytes) {
        return digest().digest(bytes);
    }

    /** The expected ETag (no quotes) of an object made of parts with these MD5s, in part order. */
    static String of(List<byte[]> partMd5s) {
        MessageDigest all = digest();
        for (byte[] m : partMd5s) {
            all.update(m);
        }
        return HexFormat.of().formatHex(all.digest()) + "-" + partMd5s.size();
    }

    /** Whether two ETags are the same, ignoring quotes and case. */
    static boolean same(String a, String b) {
        return a != null && b != null && strip(a).equalsIgnoreCase(strip(b));
    }

    private static String strip(String e) {
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}
