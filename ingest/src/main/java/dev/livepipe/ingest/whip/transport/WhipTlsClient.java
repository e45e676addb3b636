// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.util.Hashtable;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Livepipe as DTLS 1.2 client (the offer said {@code a=setup:passive}, RFC 5763 §5): offers
 * use_srtp with our profiles in preference order (RFC 5764 §4.1.1), checks the server's
 * certificate against the offer's fingerprint, presents our certificate, requires extended
 * master secret and exports the SRTP keys. One instance per handshake; used by the handshake
 * thread only, {@link #keys()} is read after {@code connect} returned.
 */
public class WhipTlsClient extends DefaultTlsClient {
    private static final Logger LOG = LoggerFactory.getLogger(WhipTlsClient.class);

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final Fingerprint remoteFingerprint;
    private final int handshakeTimeoutMillis;
    private final Runnable onCloseNotify;
    private volatile SrtpProfile profile;
    private volatile SrtpKeys keys;

    public WhipTlsClient(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint remoteFingerprint,
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
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
        Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(SrtpProfile.offeredIds(), TlsUtils.EMPTY_BYTES));
        return ext;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1
                || (profile = SrtpProfile.ofDtlsId(chosen.getProtectionProfiles()[0])) == null) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "server chose no usable use_srtp profile");
        }
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                DtlsSrtp.verifyPeer(serverCertificate.getCertificate(), remoteFingerprint);
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) {
                return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                        certificate.privateKey(), certificate.chain(),
                        SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
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
