// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of a WHIP trickle/restart PATCH, {@code application/trickle-ice-sdpfrag}
 * (RFC 8840 §4.4 and §9, RFC 9725 §4.3.1): ICE credentials, candidates and the end-of-candidates
 * indication. With max-bundle only the tagged m-section carries candidates, so candidates of
 * every m-line are collected into one list.
 *
 * @param iceUfrag        {@code a=ice-ufrag}, session or media level
 * @param icePwd          {@code a=ice-pwd}, session or media level
 * @param candidates      the candidates, in order
 * @param endOfCandidates whether {@code a=end-of-candidates} was present
 */
public record TrickleFragment(Optional<String> iceUfrag, Optional<String> icePwd, List<IceCandidate> candidates,
                              boolean endOfCandidates) {

    /** Copies the list. */
    public TrickleFragment {
        candidates = List.copyOf(candidates);
    }

    /**
     * Parses a fragment with the same bounds as an offer; unknown lines are skipped.
     *
     * @throws SdpException if a line is malformed, a candidate is invalid or a limit is exceeded
     */
    public static TrickleFragment parse(String sdpfrag, SdpLimits limits) {
        if (sdpfrag.length() > limits.maxChars()) {
            throw new SdpException("sdpfrag longer than " + limits.maxChars() + " characters");
        }
        SdpLines lines = new SdpLines(sdpfrag, limits);
        String ufrag = null;
        String pwd = null;
        boolean end = false;
        int sections = 0;
        List<IceCandidate> candidates = new ArrayList<>();
        while (lines.next()) {
            if (lines.type() == 'm' && ++sections > limits.maxMediaSections()) {
                throw new SdpException("more than " + limits.maxMediaSections() + " m= lines in sdpfrag");
            }
            if (lines.type() != 'a') {
                continue;
            }
            String v = lines.value();
            int colon = v.indexOf(':');
            String name = colon < 0 ? v : v.substring(0, colon);
            String value = colon < 0 ? "" : v.substring(colon + 1);
            switch (name) {
                case "ice-ufrag" -> ufrag = value;
                case "ice-pwd" -> pwd = value;
                case "candidate" -> candidates.add(IceCandidate.parse(value));
                case "end-of-candidates" -> end = true;
                default -> {
                    // mid, ice-options, …: not needed with one bundled transport
                }
            }
        }
        return new TrickleFragment(Optional.ofNullable(ufrag), Optional.ofNullable(pwd), candidates, end);
    }
}
