// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.IceCandidate;
import dev.livepipe.ingest.whip.sdp.LocalTransport;
import io.vertx.core.Future;
import java.util.List;

/**
 * One live WHIP session as the HTTP resource sees it; implemented by the transport.
 *
 * <p>Threading: every method may be called from any thread (the HTTP layer calls them from the
 * request's event loop) and must not block; returned futures may complete on any thread.
 */
public interface WhipSessionHandle {

    /**
     * Our ICE credentials, gathered candidates and certificate fingerprint, written into the
     * answer. Must be available when the factory's future completes.
     */
    LocalTransport localTransport();

    /**
     * Adds candidates the publisher trickled (RFC 8840, RFC 9725 §4.3.1). mDNS names are the
     * implementation's to resolve or skip.
     *
     * @param candidates      the new candidates (component 1), possibly empty
     * @param endOfCandidates whether the publisher signalled it has no more
     */
    Future<Void> addRemoteCandidates(List<IceCandidate> candidates, boolean endOfCandidates);

    /** Ends the session (DELETE, shutdown, an unanswered 201). Idempotent. */
    Future<Void> close();

    /**
     * Completes once the session has ended for any reason: {@link #close()}, ICE or DTLS
     * failure, consent expiry, or takeover by a newer publisher of the same stream. The HTTP
     * layer then forgets the session and frees its slot.
     */
    Future<Void> closed();
}
