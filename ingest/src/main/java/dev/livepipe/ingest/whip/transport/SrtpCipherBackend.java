// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

/**
 * Chooses jitsi-srtp's AES back-end once per JVM: OpenSSL through the native library bundled in
 * the jitsi-srtp jar (needs {@code libcrypto.so.3} and {@code --enable-native-access}), else the
 * JDK's SunJCE (AES-NI intrinsics, portable). {@link Aes#setFactoryClassName} is process-wide
 * state inside jitsi-srtp, which is why this is a static choice. Thread-safe.
 */
public final class SrtpCipherBackend {
    private static String chosen;

    private SrtpCipherBackend() {
    }

    /** Selects (first call) and returns the back-end name: {@code OpenSSL} or {@code SunJCE}. */
    public static synchronized String select() {
        if (chosen == null) {
            boolean openSsl;
            try {
                openSsl = JitsiOpenSslProvider.isLoaded();
            } catch (Throwable t) { // UnsatisfiedLinkError, IllegalCallerException without native access
                openSsl = false;
            }
            chosen = openSsl ? "OpenSSL" : "SunJCE";
            Aes.setFactoryClassName(chosen);
        }
        return chosen;
    }
}
