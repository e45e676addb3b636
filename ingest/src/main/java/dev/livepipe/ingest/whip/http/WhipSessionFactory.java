// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import io.vertx.core.Future;

/**
 * Creates the transport and media path of a WHIP session (ICE agent, DTLS, SRTP, RTP receive,
 * hub publication) once the HTTP layer has authorized the publisher and negotiated the offer.
 *
 * <p>Contract: complete with a handle whose {@link WhipSessionHandle#localTransport()} is ready
 * (candidates gathered), or fail; a failure is answered {@code 500} and must leave nothing
 * behind. If the handle arrives after the client went away or after
 * {@link WhipConfig#setupTimeout()}, the HTTP layer closes it. Publishing into a stream that is
 * already live takes it over through the hub's {@code Broadcasts.publish} (the old session's
 * {@link WhipSessionHandle#closed()} then completes).
 *
 * <p>Threading: called on an event loop; must not block it (gather on a worker if needed).
 */
@FunctionalInterface
public interface WhipSessionFactory {

    /** Starts a session for an authorized, negotiated publish. */
    Future<WhipSessionHandle> create(WhipSessionRequest request);
}
