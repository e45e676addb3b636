// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;

/**
 * {@code a=ssrc-group:<semantics> <ssrc>…} (RFC 5576 §4.2), e.g. {@code FID 1111 2222}: media
 * SSRC then its RTX SSRC (RFC 4588 §8).
 *
 * @param semantics e.g. {@code FID}, {@code SIM}
 * @param ssrcs     the SSRCs in order
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    /** Copies the list. */
    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
