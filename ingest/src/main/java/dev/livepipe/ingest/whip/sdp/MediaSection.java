// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;
import java.util.Optional;

/**
 * One {@code m=} section of an offer (RFC 8866 §5.14) with the attributes WHIP needs. Transport
 * attributes given here override the session level; {@link SdpOffer} resolves them.
 *
 * @param index          position in the offer, from 0
 * @param kind           {@code video}, {@code audio}, {@code application}, …
 * @param port           the m-line port (0 = rejected by the offerer)
 * @param proto          e.g. {@code UDP/TLS/RTP/SAVPF}
 * @param formats        the m-line formats as written
 * @param mid            {@code a=mid} (RFC 8843 §15.1)
 * @param direction      the direction (default from the session level, else sendrecv)
 * @param payloads       RTP payload types in m-line order, with rtpmap/fmtp/rtcp-fb
 * @param extmaps        header extensions (RFC 8285)
 * @param ssrcs          distinct SSRCs of {@code a=ssrc} lines (RFC 5576), in order
 * @param ssrcGroups     {@code a=ssrc-group} lines
 * @param candidates     {@code a=candidate} lines (RFC 8839 §5.1)
 * @param endOfCandidates whether {@code a=end-of-candidates} was present (RFC 8840 §8.2)
 * @param rtcpMux        {@code a=rtcp-mux} (RFC 5761)
 * @param rtcpRsize      {@code a=rtcp-rsize} (RFC 5506)
 * @param iceUfrag       media-level {@code a=ice-ufrag}
 * @param icePwd         media-level {@code a=ice-pwd}
 * @param iceOptions     media-level {@code a=ice-options}
 * @param fingerprint    media-level {@code a=fingerprint}
 * @param setup          media-level {@code a=setup}
 */
public record MediaSection(int index, String kind, int port, String proto, List<String> formats, Optional<String> mid,
                           Direction direction, List<PayloadFormat> payloads, List<Extmap> extmaps, List<Long> ssrcs,
                           List<SsrcGroup> ssrcGroups, List<IceCandidate> candidates, boolean endOfCandidates,
                           boolean rtcpMux, boolean rtcpRsize, Optional<String> iceUfrag, Optional<String> icePwd,
                           List<String> iceOptions, Optional<Fingerprint> fingerprint, Optional<SetupRole> setup) {

    /** Copies the lists. */
    public MediaSection {
        formats = List.copyOf(formats);
        payloads = List.copyOf(payloads);
        extmaps = List.copyOf(extmaps);
        ssrcs = List.copyOf(ssrcs);
        ssrcGroups = List.copyOf(ssrcGroups);
        candidates = List.copyOf(candidates);
        iceOptions = List.copyOf(iceOptions);
    }

    /** True if the offerer disabled the section with port 0 (RFC 3264 §5.1). */
    public boolean isDisabled() {
        return port == 0;
    }

    /** True for secure RTP with feedback or not ({@code …/RTP/SAVP} or {@code …/RTP/SAVPF}). */
    public boolean isSecureRtp() {
        return proto.endsWith("RTP/SAVPF") || proto.endsWith("RTP/SAVP");
    }

    /** The payload with this type, if listed. */
    public Optional<PayloadFormat> payload(int payloadType) {
        return payloads.stream().filter(p -> p.payloadType() == payloadType).findFirst();
    }

    /** The id of the extension with this URI, if offered here. */
    public Optional<Extmap> extmap(String uri) {
        return extmaps.stream().filter(e -> e.uri().equals(uri)).findFirst();
    }
}
