// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.Arrays;

/**
 * The DTLS-SRTP master keys and salts of one session, split from the exported keying material in
 * the order RFC 5764 §4.2 fixes: client write key, server write key, client write salt, server
 * write salt. Holds secrets: {@link #wipe()} once the SRTP factories are built.
 */
public final class SrtpKeys {
    final SrtpProfile profile;
    final byte[] clientKey;
    final byte[] serverKey;
    final byte[] clientSalt;
    final byte[] serverSalt;

    private SrtpKeys(SrtpProfile profile, byte[] clientKey, byte[] serverKey, byte[] clientSalt, byte[] serverSalt) {
        this.profile = profile;
        this.clientKey = clientKey;
        this.serverKey = serverKey;
        this.clientSalt = clientSalt;
        this.serverSalt = serverSalt;
    }

    /** Splits {@code material} ({@link SrtpProfile#keyingMaterialLength()} bytes). */
    public static SrtpKeys split(SrtpProfile profile, byte[] material) {
        int k = profile.keyLength;
        int s = profile.saltLength;
        if (material.length != 2 * (k + s)) {
            throw new IllegalArgumentException("keying material has " + material.length + " bytes");
        }
        return new SrtpKeys(profile, Arrays.copyOfRange(material, 0, k), Arrays.copyOfRange(material, k, 2 * k),
                Arrays.copyOfRange(material, 2 * k, 2 * k + s), Arrays.copyOfRange(material, 2 * k + s, 2 * (k + s)));
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Zeroes the key material held here. */
    public void wipe() {
        Arrays.fill(clientKey, (byte) 0);
        Arrays.fill(serverKey, (byte) 0);
        Arrays.fill(clientSalt, (byte) 0);
        Arrays.fill(serverSalt, (byte) 0);
    }
}
