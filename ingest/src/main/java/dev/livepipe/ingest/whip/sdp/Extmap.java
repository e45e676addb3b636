// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.Optional;

/**
 * An RTP header extension mapping, {@code a=extmap:<id>[/<direction>] <uri> [<attributes>]}
 * (RFC 8285 §8).
 *
 * @param id        1 .. 14 (one-byte form) or 1 .. 255 (two-byte form)
 * @param direction the optional direction
 * @param uri       the extension's URI
 */
public record Extmap(int id, Optional<Direction> direction, String uri) {

    /** transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
    public static final String TRANSPORT_CC =
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** absolute send time (webrtc.org). */
    public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** the BUNDLE media identification (RFC 8843 §15.1). */
    public static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /** Parses the attribute value. */
    public static Extmap parse(String value) {
        String[] f = SdpText.fields(value);
        if (f.length < 2) {
            throw new SdpException("malformed a=extmap (RFC 8285 §8)");
        }
        String idPart = f[0];
        Optional<Direction> dir = Optional.empty();
        int slash = idPart.indexOf('/');
        if (slash >= 0) {
            dir = Direction.of(idPart.substring(slash + 1));
            if (dir.isEmpty()) {
                throw new SdpException("bad a=extmap direction");
            }
            idPart = idPart.substring(0, slash);
        }
        int id = SdpText.integer(idPart, 255, "extmap id");
        if (id == 0 || id == 15) {
            throw new SdpException("extmap id 0 and 15 are reserved (RFC 8285 §4.2)");
        }
        if (!SdpText.visible(f[1])) {
            throw new SdpException("bad a=extmap URI");
        }
        return new Extmap(id, dir, f[1]);
    }
}
