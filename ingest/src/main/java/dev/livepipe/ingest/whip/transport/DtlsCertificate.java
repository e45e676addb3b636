// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate for DTLS-SRTP (RFC 5763 §5: self-signed certificates are
 * authenticated by the fingerprint in the signalling, RFC 8122). The key pair comes from the JDK
 * (SunEC) and the certificate is signed through Bouncy Castle's JCA builder with the default
 * provider, so no provider is registered globally. Immutable.
 */
public final class DtlsCertificate {
    private final AsymmetricKeyParameter privateKey;
    private final Certificate chain;
    private final byte[] der;
    private final Fingerprint sha256;

    private DtlsCertificate(AsymmetricKeyParameter privateKey, Certificate chain, byte[] der) {
        this.privateKey = privateKey;
        this.chain = chain;
        this.der = der;
        this.sha256 = Fingerprint.of("sha-256", der);
    }

    /**
     * Generates a key pair and a certificate valid from a day ago for {@code validity}
     * (blocking: a few milliseconds of CPU).
     */
    public static DtlsCertificate generate(BcTlsCrypto crypto, String commonName, Duration validity) {
        try {
            SecureRandom random = crypto.getSecureRandom();
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair kp = kpg.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, random).setBit(63), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(validity)), subject, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
            byte[] der = holder.getEncoded();
            Certificate chain = new Certificate(new TlsCertificate[]{new BcTlsCertificate(crypto, der)});
            return new DtlsCertificate(PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), chain, der);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot create the DTLS certificate", e);
        }
    }

    /** The private key, for {@code BcDefaultTlsCredentialedSigner}. */
    public AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** The one-certificate chain presented in the handshake. */
    public Certificate chain() {
        return chain;
    }

    /** The SHA-256 fingerprint, for {@code a=fingerprint} (RFC 8122 §5). */
    public Fingerprint fingerprint() {
        return sha256;
    }

    /** The DER encoding (a copy). */
    public byte[] der() {
        return der.clone();
    }
}
