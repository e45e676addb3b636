// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A browser-like DTLS-SRTP client for tests (Bouncy Castle, independent of {@link WhipTlsClient}):
 * offers use_srtp with the given profiles, presents an ECDSA certificate, optionally checks the
 * server's fingerprint, exports the keying material. One per handshake.
 */
public class TestDtlsClient extends DefaultTlsClient {
    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final Fingerprint expectedServer;
    private final int[] profiles;
    private volatile SrtpKeys keys;

    /** @param expectedServer the server's fingerprint to check, or null to accept any */
    public TestDtlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint expectedServer, int... profiles) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.expectedServer = expectedServer;
        this.profiles = profiles.length == 0 ? SrtpProfile.offeredIds() : profiles;
    }

    public SrtpKeys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                if (expectedServer != null) {
                    DtlsSrtp.verifyPeer(sc.getCertificate(), expectedServer);
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        certificate.privateKey(), certificate.chain(),
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    private volatile SrtpProfile chosen;

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData d = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        chosen = d == null ? null : SrtpProfile.ofDtlsId(d.getProtectionProfiles()[0]);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = DtlsSrtp.exportKeys(context, chosen);
    }
}
