// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import dev.livepipe.ingest.whip.NegotiatedMedia;
import dev.livepipe.ingest.whip.NegotiatedMedia.Payload;
import java.util.List;
import java.util.Optional;

/**
 * Writes the SDP answer to a WHIP offer (RFC 9725 §4.2, RFC 8829 §5.3.1, RFC 3264 §6).
 *
 * <ul>
 *   <li>One m-section per offered one, same order and mids (RFC 3264 §6).</li>
 *   <li>Accepted sections: port 9, {@code a=recvonly}, only the chosen payload type and its RTX,
 *       with rtpmap, the offered fmtp and the negotiated rtcp-fb; the negotiated extmaps with the
 *       offered ids; {@code a=rtcp-mux}; {@code a=rtcp-rsize} if offered; ICE credentials,
 *       fingerprint and {@code a=setup} in each (as browsers write them); our candidates and
 *       {@code a=end-of-candidates} (RFC 8840 §8.2) in the BUNDLE-tagged section only.</li>
 *   <li>Other sections are rejected: port 0, the first offered format, and the mid
 *       (RFC 8829 §5.3.1); they are left out of the BUNDLE group (RFC 8843 §7.3.3).</li>
 *   <li>No {@code a=ice-lite}: the server runs full ICE as the controlled agent.
 *       {@code a=ice-options:trickle} only when PATCH trickle is enabled (RFC 8840 §4.3).</li>
 *   <li>No {@code a=extmap-allow-mixed}: the publisher keeps one-byte header extensions.</li>
 * </ul>
 *
 * <p>Lines end with CRLF (RFC 8866 §5). Threading: pure function; any thread.
 */
public final class SdpAnswer {

    private static final String CRLF = "\r\n";

    private SdpAnswer() {
    }

    /**
     * The answer text.
     *
     * @param offer      the parsed offer
     * @param negotiated what {@link Negotiation} decided for this offer
     * @param local      our ICE credentials, candidates and fingerprint
     * @param trickle    whether the session accepts trickle ICE PATCH requests
     * @param sessionId  the o= session id (RFC 8866 §5.2), a random positive number
     */
    public static String write(SdpOffer offer, Negotiated negotiated, LocalTransport local, boolean trickle,
                               long sessionId) {
        NegotiatedMedia media = negotiated.media();
        List<String> acceptedMids = offer.media().stream()
                .filter(m -> chosen(m, media).isPresent()).map(m -> m.mid().orElseThrow()).toList();
        StringBuilder sb = new StringBuilder(2048);
        line(sb, "v=0");
        line(sb, "o=- " + sessionId + " 2 IN IP4 127.0.0.1");
        line(sb, "s=-");
        line(sb, "t=0 0");
        if (acceptedMids.size() > 1 || !offer.bundleGroups().isEmpty()) {
            line(sb, "a=group:BUNDLE " + String.join(" ", acceptedMids));
        }
        boolean first = true;
        for (MediaSection m : offer.media()) {
            Optional<Payload> p = chosen(m, media);
            if (p.isEmpty()) {
                rejected(sb, m);
                continue;
            }
            accepted(sb, m, p.get(), media, negotiated.remote().localSetup(), local, trickle, first);
            first = false;
        }
        return sb.toString();
    }

    private static Optional<Payload> chosen(MediaSection m, NegotiatedMedia media) {
        if (m.mid().isEmpty()) {
            return Optional.empty();
        }
        Optional<Payload> p = m.kind().equals("video") ? media.video()
                : m.kind().equals("audio") ? media.audio() : Optional.empty();
        return p.filter(x -> x.mid().equals(m.mid().get()));
    }

    private static void rejected(StringBuilder sb, MediaSection m) {
        String fmt = m.formats().isEmpty() ? "0" : m.formats().getFirst();
        line(sb, "m=" + m.kind() + " 0 " + m.proto() + " " + fmt);
        line(sb, "c=IN IP4 0.0.0.0");
        m.mid().ifPresent(mid -> line(sb, "a=mid:" + mid));
    }

    private static void accepted(StringBuilder sb, MediaSection m, Payload p, NegotiatedMedia media,
                                 SetupRole setup, LocalTransport local, boolean trickle, boolean tagged) {
        line(sb, "m=" + m.kind() + " 9 " + m.proto() + " " + p.payloadType()
                + (p.rtxPayloadType() >= 0 ? " " + p.rtxPayloadType() : ""));
        line(sb, "c=IN IP4 0.0.0.0");
        line(sb, "a=ice-ufrag:" + local.iceUfrag());
        line(sb, "a=ice-pwd:" + local.icePwd());
        if (trickle) {
            line(sb, "a=ice-options:trickle");
        }
        line(sb, "a=fingerprint:" + local.fingerprint().toSdp());
        line(sb, "a=setup:" + setup.attribute());
        line(sb, "a=mid:" + p.mid());
        for (Extmap e : m.extmaps()) {
            if (negotiatedExtension(e, media)) {
                String dir = e.direction().map(d -> "/" + mirror(d).attribute()).orElse("");
                line(sb, "a=extmap:" + e.id() + dir + " " + e.uri());
            }
        }
        line(sb, "a=recvonly");
        line(sb, "a=rtcp-mux");
        if (m.rtcpRsize()) {
            line(sb, "a=rtcp-rsize");
        }
        PayloadFormat offered = m.payload(p.payloadType()).orElseThrow();
        line(sb, "a=rtpmap:" + p.payloadType() + " " + offered.rtpmap());
        feedback(sb, p);
        if (!p.fmtp().isEmpty()) {
            line(sb, "a=fmtp:" + p.payloadType() + " " + p.fmtp());
        }
        if (p.rtxPayloadType() >= 0) {
            PayloadFormat rtx = m.payload(p.rtxPayloadType()).orElseThrow();
            line(sb, "a=rtpmap:" + rtx.payloadType() + " " + rtx.rtpmap());
            line(sb, "a=fmtp:" + rtx.payloadType() + " apt=" + p.payloadType());
        }
        if (tagged) {
            for (IceCandidate c : local.candidates()) {
                line(sb, "a=" + c.toSdp());
            }
            line(sb, "a=end-of-candidates");
        }
    }

    private static void feedback(StringBuilder sb, Payload p) {
        String prefix = "a=rtcp-fb:" + p.payloadType() + " ";
        if (p.remb()) {
            line(sb, prefix + "goog-remb");
        }
        if (p.transportCc()) {
            line(sb, prefix + "transport-cc");
        }
        if (p.nack()) {
            line(sb, prefix + "nack");
        }
        if (p.pli()) {
            line(sb, prefix + "nack pli");
        }
    }

    private static boolean negotiatedExtension(Extmap e, NegotiatedMedia media) {
        return switch (e.uri()) {
            case Extmap.TRANSPORT_CC -> e.id() == media.transportCcExtension();
            case Extmap.ABS_SEND_TIME -> e.id() == media.absSendTimeExtension();
            case Extmap.SDES_MID -> e.id() == media.midExtension();
            default -> false;
        };
    }

    /** RFC 8285 §8: the answerer mirrors a direction. */
    private static Direction mirror(Direction d) {
        return switch (d) {
            case SENDONLY -> Direction.RECVONLY;
            case RECVONLY -> Direction.SENDONLY;
            default -> d;
        };
    }

    private static void line(StringBuilder sb, String line) {
        sb.append(line).append(CRLF);
    }
}
