// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.Negotiated;
import dev.livepipe.ingest.whip.sdp.SdpOffer;

/**
 * An authorized, negotiated publish that the {@link WhipSessionFactory} turns into a session.
 *
 * @param sessionId     a short random id for logs and {@code describe()} (not the URL secret)
 * @param streamId      the stream to publish into (from the
 *                      {@link dev.livepipe.ingest.PublishAuthorizer}); a live publisher of the
 *                      same stream is taken over, as with RTMP
 * @param offer         the parsed offer
 * @param negotiated    the media contract and the publisher's transport parameters
 * @param remoteAddress the HTTP client's address, for logs
 */
public record WhipSessionRequest(String sessionId, String streamId, SdpOffer offer, Negotiated negotiated,
                                 String remoteAddress) {
}
