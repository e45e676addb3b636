// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Livepipe as DTLS 1.2 server of a DTLS-SRTP association (RFC 6347, RFC 5764): ECDHE-ECDSA
 * suites, a client certificate is required and must match the offer's {@code a=fingerprint}
 * (RFC 5763 §5), use_srtp picks our first preference among the client's profiles (RFC 5764
 * §4.1.1), extended master secret is required (RFC 7627), and on completion the SRTP keys are
 * exported. One instance per handshake; used by the handshake thread only, {@link #keys()} is
 * read after {@code accept} returned.
 */
public class WhipTlsServer extends DefaultTlsServer {
    private static final Logger LOG = LoggerFactory.getLogger(WhipTlsServer.class);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final Fingerprint remoteFingerprint;
    private final int handshakeTimeoutMillis;
    private final Runnable onCloseNotify;
    private volatile SrtpProfile profile;
    private volatile SrtpKeys keys;

    /**
     * @param onCloseNotify run (on the thread that reads DTLS) when the peer sends close_notify
     */
    public WhipTlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint remoteFingerprint,
                         int handshakeTimeoutMillis, Runnable onCloseNotify) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.onCloseNotify = onCloseNotify;
    }

    /** The negotiated profile and keys once the handshake completed, else null. */
    public SrtpKeys keys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), DtlsSrtp.CIPHER_SUITES);
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), certificate.chain(), SignatureAndHashAlgorithm.getInstance(
                        org.bouncycastle.tls.HashAlgorithm.sha256, org.bouncycastle.tls.SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(new short[]{ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                sigAlgs, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        DtlsSrtp.verifyPeer(clientCertificate, remoteFingerprint);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "client did not offer use_srtp");
        }
        profile = SrtpProfile.choose(offered.getProtectionProfiles());
        if (profile == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
        }
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getServerExtensions() throws IOException {
        Hashtable ext = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(new int[]{profile.dtlsId}, TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = DtlsSrtp.exportKeys(context, profile);
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable cause) {
        LOG.debug("DTLS alert raised: {} {} {}", AlertLevel.getText(level), AlertDescription.getText(description),
                message);
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
        LOG.debug("DTLS alert received: {} {}", AlertLevel.getText(level), AlertDescription.getText(description));
        if (description == AlertDescription.close_notify) {
            onCloseNotify.run();
        }
    }
}
