// SPDX-License-Identifier: Apache-2.0
/**
 * WHIP offer/answer (RFC 9725 §4.2): {@link dev.livepipe.ingest.whip.sdp.SdpParser} reads the
 * publisher's offer (RFC 8866, bounded by {@link dev.livepipe.ingest.whip.sdp.SdpLimits}),
 * {@link dev.livepipe.ingest.whip.sdp.Negotiation} picks the payloads (H.264 packetization-mode
 * 1 preferred, else VP8; Opus) and yields the {@link dev.livepipe.ingest.whip.NegotiatedMedia}
 * contract for the RTP path plus the {@link dev.livepipe.ingest.whip.sdp.RemoteTransport} for
 * ICE/DTLS, and {@link dev.livepipe.ingest.whip.sdp.SdpAnswer} writes the answer (RFC 8829
 * §5.3.1) from the transport's {@link dev.livepipe.ingest.whip.sdp.LocalTransport}.
 * {@link dev.livepipe.ingest.whip.sdp.TrickleFragment} reads trickle PATCH bodies (RFC 8840).
 *
 * <p>Everything here is pure and immutable; errors are
 * {@link dev.livepipe.ingest.whip.sdp.SdpException} (one-line messages safe to return to the
 * client) and {@link dev.livepipe.ingest.whip.sdp.NoUsableCodecException}.
 */
package dev.livepipe.ingest.whip.sdp;
