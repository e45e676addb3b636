// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.List;

/**
 * The ICE parameters of the offer (RFC 8445 §5.3, RFC 8839): {@code a=ice-ufrag},
 * {@code a=ice-pwd} and the {@code a=candidate} lines of the bundled m-section. An empty
 * candidate list is fine: the browser's checks arrive on the single port and create a
 * peer-reflexive pair (RFC 8445 §7.3.1.3). Immutable.
 *
 * @param ufrag      the remote username fragment (4..256 ice-chars, RFC 8839 §5.4)
 * @param password   the remote password (22..256 ice-chars)
 * @param candidates the offered candidates; mDNS {@code .local} ones are skipped by the transport
 */
public record RemoteIce(String ufrag, String password, List<IceCandidate> candidates) {

    public RemoteIce {
        if (ufrag == null || ufrag.length() < 4 || ufrag.length() > 256) {
            throw new IllegalArgumentException("ice-ufrag must have 4..256 characters");
        }
        if (password == null || password.length() < 22 || password.length() > 256) {
            throw new IllegalArgumentException("ice-pwd must have 22..256 characters");
        }
        candidates = List.copyOf(candidates);
    }
}
