// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.LoggerImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SRTP/SRTCP against the published test vectors of libsrtp's {@code srtp_driver.c} (the same ones
 * jitsi-srtp's {@code SrtpValidationTest} uses): AES_CM_128_HMAC_SHA1_80 (RFC 3711) and
 * AEAD_AES_128_GCM (RFC 7714), through {@link SrtpStreams} with the cipher back-end the service
 * selects.
 */
class SrtpVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    // libsrtp srtp_driver.c: AES_CM_128_HMAC_SHA1_80, SSRC 0xcafebabe
    private static final byte[] KEY = HEX.parseHex("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] SALT = HEX.parseHex("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] RTP_PLAIN = HEX.parseHex("800f1234decafbadcafebabeabababababababababababababababab");
    private static final byte[] SRTP_CIPHER = HEX.parseHex(
            "800f1234decafbadcafebabe4e55dc4ce79978d88ca4d215949d2402b78d6acc99ea179b8dbb");
    private static final byte[] RTCP_PLAIN = HEX.parseHex("81c8000bcafebabeabababababababababababababababab");
    private static final byte[] SRTCP_CIPHER = HEX.parseHex(
            "81c8000bcafebabe7128035be487b9bdbef89041f977a5a880000001993e08cd54d6c1230798");

    // libsrtp srtp_driver.c: AEAD_AES_128_GCM
    private static final byte[] GCM_KEY = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = HEX.parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
    private static final byte[] GCM_SRTP_CIPHER = HEX.parseHex(
            "800f1234decafbadcafebabec5002ede04cfdd2eb91159e0880aa06ed2976826f796b201df3131a127e8a392");
    private static final byte[] GCM_SRTCP_CIPHER = HEX.parseHex(
            "81c8000bcafebabec98b8b5df0392a55852b6c21ac8e7025c52c6fbea2b3b446ea31123ba88ce61e80000001");

    @BeforeAll
    static void backend() {
        System.out.println("SRTP cipher back-end: " + SrtpCipherBackend.select());
    }

    /** Keys where client and server write key/salt are the vector's, so both directions use it. */
    private static SrtpStreams streams(SrtpProfile profile, byte[] key, byte[] salt, DtlsRole role) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        System.arraycopy(key, 0, material, 0, key.length);
        System.arraycopy(key, 0, material, key.length, key.length);
        System.arraycopy(salt, 0, material, 2 * key.length, salt.length);
        System.arraycopy(salt, 0, material, 2 * key.length + salt.length, salt.length);
        return new SrtpStreams(SrtpKeys.split(profile, material), role, 8, new LoggerImpl("test"));
    }

    @Test
    void aesCmDecryptsThePublishedCiphertext() {
        try (SrtpStreams rx = streams(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT, DtlsRole.SERVER)) {
            PacketBuffer rtp = new PacketBuffer(SRTP_CIPHER.clone(), 0, SRTP_CIPHER.length);
            assertThat(rx.unprotectRtp(rtp)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(rtp.toByteArray()).isEqualTo(RTP_PLAIN);

            PacketBuffer rtcp = new PacketBuffer(SRTCP_CIPHER.clone(), 0, SRTCP_CIPHER.length);
            assertThat(rx.unprotectRtcp(rtcp)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(rtcp.toByteArray()).isEqualTo(RTCP_PLAIN);
            assertThat(rx.rtpCounters().get(SrtpErrorStatus.OK)).isEqualTo(1);
        }
    }

    @Test
    void aesCmEncryptsToThePublishedCiphertext() {
        try (SrtpStreams tx = streams(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT, DtlsRole.SERVER)) {
            PacketBuffer rtp = PacketBuffer.copyOf(RTP_PLAIN, 0, RTP_PLAIN.length, SrtpStreams.MAX_OVERHEAD);
            assertThat(tx.protectRtp(rtp)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(rtp.toByteArray()).isEqualTo(SRTP_CIPHER);
        }
    }

    @Test
    void aesCmRejectsATamperedPacketAndDoesNotKeepItsContext() {
        try (SrtpStreams rx = streams(SrtpProfile.AES_CM_128_HMAC_SHA1_80, KEY, SALT, DtlsRole.SERVER)) {
            byte[] bad = SRTP_CIPHER.clone();
            bad[20] ^= 1;
            assertThat(rx.unprotectRtp(new PacketBuffer(bad, 0, bad.length))).isEqualTo(SrtpErrorStatus.AUTH_FAIL);
            assertThat(rx.inboundRtpSsrcs()).isZero();
            assertThat(rx.unprotectRtp(new PacketBuffer(SRTP_CIPHER.clone(), 0, SRTP_CIPHER.length)))
                    .isEqualTo(SrtpErrorStatus.OK);
            assertThat(rx.inboundRtpSsrcs()).isEqualTo(1);
            assertThat(rx.rtpCounters().get(SrtpErrorStatus.AUTH_FAIL)).isEqualTo(1);
        }
    }

    @Test
    void gcmDecryptsThePublishedCiphertext() {
        try (SrtpStreams rx = streams(SrtpProfile.AEAD_AES_128_GCM, GCM_KEY, GCM_SALT, DtlsRole.SERVER)) {
            PacketBuffer rtp = new PacketBuffer(GCM_SRTP_CIPHER.clone(), 0, GCM_SRTP_CIPHER.length);
            assertThat(rx.unprotectRtp(rtp)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(rtp.toByteArray()).isEqualTo(RTP_PLAIN);

            PacketBuffer rtcp = new PacketBuffer(GCM_SRTCP_CIPHER.clone(), 0, GCM_SRTCP_CIPHER.length);
            assertThat(rx.unprotectRtcp(rtcp)).isEqualTo(SrtpErrorStatus.OK);
            assertThat(rtcp.toByteArray()).isEqualTo(RTCP_PLAIN);
        }
    }

    @Test
    void demultiplexesByFirstByte() {
        assertThat(PacketKind.of(new byte[]{22, 0}, 0, 2)).isEqualTo(PacketKind.DTLS);
        assertThat(PacketKind.of(RTP_PLAIN, 0, RTP_PLAIN.length)).isEqualTo(PacketKind.RTP);
        assertThat(PacketKind.of(RTCP_PLAIN, 0, RTCP_PLAIN.length)).isEqualTo(PacketKind.RTCP);
        assertThat(PacketKind.of(new byte[]{0, 1, 0, 0}, 0, 4)).isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.of(new byte[]{(byte) 0x40, 0, 0, 0}, 0, 4)).isEqualTo(PacketKind.OTHER);
        assertThat(PacketKind.of(new byte[0], 0, 0)).isEqualTo(PacketKind.OTHER);
    }
}
