// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import org.bouncycastle.tls.SRTPProtectionProfile;
import org.jitsi.srtp.SrtpPolicy;

/**
 * The DTLS-SRTP protection profiles Livepipe negotiates (RFC 5764 §4.1.2, RFC 7714 §14.2), in
 * order of preference, with the jitsi-srtp policy parameters of each. Immutable.
 */
public enum SrtpProfile {
    /** AES-128-GCM, 12-byte salt, 16-byte tag on RTP and RTCP (RFC 7714 §12). */
    AEAD_AES_128_GCM(SRTPProtectionProfile.SRTP_AEAD_AES_128_GCM, 16, 12, SrtpPolicy.AESGCM_ENCRYPTION,
            SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 16),
    /** AES-128 counter mode, HMAC-SHA1 with 80-bit tags (RFC 3711 §8.2, RFC 5764 §4.1.2). */
    AES_CM_128_HMAC_SHA1_80(SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80, 16, 14,
            SrtpPolicy.AESCM_ENCRYPTION, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 10);

    /** The use_srtp profile id (RFC 5764 §4.1.2). */
    public final int dtlsId;
    public final int keyLength;
    public final int saltLength;
    private final int encType;
    private final int authType;
    private final int authKeyLength;
    private final int rtpTagLength;
    private final int rtcpTagLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int encType, int authType, int authKeyLength,
                int rtpTagLength, int rtcpTagLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.encType = encType;
        this.authType = authType;
        this.authKeyLength = authKeyLength;
        this.rtpTagLength = rtpTagLength;
        this.rtcpTagLength = rtcpTagLength;
    }

    /** A new SRTP policy (policies are mutable, so never share one). */
    public SrtpPolicy srtpPolicy() {
        return new SrtpPolicy(encType, keyLength, authType, authKeyLength, rtpTagLength, saltLength);
    }

    /** A new SRTCP policy. */
    public SrtpPolicy srtcpPolicy() {
        return new SrtpPolicy(encType, keyLength, authType, authKeyLength, rtcpTagLength, saltLength);
    }

    /** Bytes of DTLS keying material this profile needs: 2 × (key + salt) (RFC 5764 §4.2). */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }

    /** The profile ids to offer as a client, in preference order. */
    public static int[] offeredIds() {
        SrtpProfile[] all = values();
        int[] ids = new int[all.length];
        for (int i = 0; i < all.length; i++) {
            ids[i] = all[i].dtlsId;
        }
        return ids;
    }

    /** The profile of a use_srtp id, or null if Livepipe does not support it. */
    public static SrtpProfile ofDtlsId(int id) {
        for (SrtpProfile p : values()) {
            if (p.dtlsId == id) {
                return p;
            }
        }
        return null;
    }

    /** Our first preference among the peer's offered ids (server side), or null if none fits. */
    public static SrtpProfile choose(int[] offered) {
        for (SrtpProfile p : values()) {
            for (int id : offered) {
                if (id == p.dtlsId) {
                    return p;
                }
            }
        }
        return null;
    }
}
