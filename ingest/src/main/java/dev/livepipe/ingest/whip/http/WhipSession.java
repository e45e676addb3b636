// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.RemoteTransport;

/**
 * A live session known to the HTTP resource.
 *
 * @param secret    the unguessable last path segment of its URL (never logged)
 * @param sessionId short random id for logs
 * @param streamId  the stream it publishes into
 * @param etag      the quoted entity-tag of its ICE session (RFC 9725 §4.3.1)
 * @param remote    the publisher's ICE credentials, to tell trickle from ICE restart
 * @param handle    the transport's handle
 */
record WhipSession(String secret, String sessionId, String streamId, String etag, RemoteTransport remote,
                   WhipSessionHandle handle) {

    @Override
    public String toString() {
        return "WhipSession[" + sessionId + " stream " + streamId + "]";
    }
}
