// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import dev.livepipe.ingest.whip.NegotiatedMedia;

/**
 * The outcome of {@link Negotiation}: the media contract for the RTP path and the publisher's
 * transport parameters for ICE/DTLS.
 *
 * @param media  accepted payloads and header extensions
 * @param remote the publisher's ICE credentials, candidates, fingerprint and setup role
 */
public record Negotiated(NegotiatedMedia media, RemoteTransport remote) {
}
