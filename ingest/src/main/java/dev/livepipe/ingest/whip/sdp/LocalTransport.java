// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;

/**
 * Our side of the transport, written into the answer by {@link SdpAnswer}: the ICE agent's
 * credentials and gathered candidates, and our DTLS certificate's fingerprint. The transport
 * implementation provides it once its candidates are gathered.
 *
 * @param iceUfrag    local ICE username fragment (4+ ice-chars, RFC 8839 §5.4)
 * @param icePwd      local ICE password (22+ ice-chars)
 * @param fingerprint SHA-256 fingerprint of our DTLS certificate
 * @param candidates  local candidates (component 1; host/srflx, UDP or passive TCP)
 */
public record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, List<IceCandidate> candidates) {

    /** Validates the credentials and copies the list. */
    public LocalTransport {
        if (iceUfrag.length() < 4 || iceUfrag.length() > 256 || !SdpText.iceChars(iceUfrag)) {
            throw new IllegalArgumentException("local ice-ufrag must be 4..256 ice-chars");
        }
        if (icePwd.length() < 22 || icePwd.length() > 256 || !SdpText.iceChars(icePwd)) {
            throw new IllegalArgumentException("local ice-pwd must be 22..256 ice-chars");
        }
        candidates = List.copyOf(candidates);
    }
}
