// SPDX-License-Identifier: Apache-2.0
/**
 * The WHIP HTTP surface (RFC 9725): {@link dev.livepipe.ingest.whip.http.WhipHttp} handles the
 * endpoint ({@code POST {prefix}/{streamId}}) and the session resources
 * ({@code PATCH|DELETE {prefix}/{streamId}/sessions/{secret}}), with CORS for browser pages on
 * other origins. It authorizes the stream key with the shared
 * {@link dev.livepipe.ingest.PublishAuthorizer}, negotiates with the {@code sdp} package and
 * hands the accepted publish to a {@link dev.livepipe.ingest.whip.http.WhipSessionFactory}
 * implemented by the transport, which returns a
 * {@link dev.livepipe.ingest.whip.http.WhipSessionHandle}.
 *
 * <p>Every request runs on its event loop; bodies are read with a bound
 * ({@link dev.livepipe.ingest.whip.http.WhipConfig#maxBodyBytes()}); refusals are one line of
 * text and never create or leak a session. Stream keys and session URL secrets are never logged.
 */
package dev.livepipe.ingest.whip.http;
