// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * What the DTLS server and client of a session share (RFC 5763, RFC 5764): the cipher suites, the
 * fingerprint check of the peer's certificate and the export of the SRTP keying material.
 * Stateless.
 */
final class DtlsSrtp {
    /** jmt's list, restricted to ECDSA since our certificate is ECDSA. */
    static final int[] CIPHER_SUITES = {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    private DtlsSrtp() {
    }

    /**
     * Checks the peer's end-entity certificate against the signalled fingerprint (RFC 8122 §5,
     * RFC 5763 §5); fails the handshake with {@code bad_certificate} otherwise.
     */
    static void verifyPeer(Certificate chain, Fingerprint expected) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "peer sent no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!expected.matches(der)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match a=fingerprint");
        }
    }

    /** Exports the DTLS-SRTP keying material of a completed handshake (RFC 5764 §4.2, RFC 5705). */
    static SrtpKeys exportKeys(TlsContext context, SrtpProfile profile) {
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        try {
            return SrtpKeys.split(profile, material);
        } finally {
            java.util.Arrays.fill(material, (byte) 0);
        }
    }
}
