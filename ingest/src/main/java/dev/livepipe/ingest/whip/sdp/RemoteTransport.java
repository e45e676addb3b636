// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;

/**
 * What the transport needs from the publisher's offer: ICE credentials and candidates (RFC 8839),
 * the certificate fingerprint to verify (RFC 8122) and the DTLS roles (RFC 8842 §5.1).
 *
 * @param iceUfrag    the publisher's ICE username fragment
 * @param icePwd      the publisher's ICE password
 * @param fingerprint the publisher's certificate fingerprint; its hash is the one to verify with
 * @param remoteSetup the publisher's {@code a=setup} ({@code active} if absent, RFC 4145 §4)
 * @param candidates  candidates of the offer (component 1 only; may be empty with trickle)
 * @param trickle     whether the publisher announced {@code a=ice-options:trickle}
 */
public record RemoteTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, SetupRole remoteSetup,
                              List<IceCandidate> candidates, boolean trickle) {

    /** Copies the list. */
    public RemoteTransport {
        candidates = List.copyOf(candidates);
    }

    /** Our {@code a=setup} in the answer. */
    public SetupRole localSetup() {
        return remoteSetup.answerTo();
    }

    /** True if we run the DTLS server ({@code accept}), false if we connect as client. */
    public boolean dtlsServer() {
        return localSetup() == SetupRole.PASSIVE;
    }
}
