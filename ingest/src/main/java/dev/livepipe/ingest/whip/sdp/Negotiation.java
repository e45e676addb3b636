// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import dev.livepipe.ingest.whip.NegotiatedMedia;
import dev.livepipe.ingest.whip.NegotiatedMedia.Payload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides what Livepipe receives from a WHIP offer (RFC 9725 §4.2, RFC 8829 §5.3.1).
 *
 * <ul>
 *   <li>Video: the first sending video m-section with H.264 in packetization-mode 1 (RFC 6184
 *       §8.1; profile ranked by {@link H264Profile}, constrained baseline first); else VP8
 *       (RFC 7741); its RTX payload by {@code apt=} (RFC 4588 §8.1).</li>
 *   <li>Audio: the first sending audio m-section with {@code opus/48000/2} (RFC 7587 §7).</li>
 *   <li>Feedback kept: {@code nack}, {@code nack pli}, {@code goog-remb} (never transport-cc:
 *       Livepipe feeds back REMB); header extensions kept: abs-send-time, sdes:mid.</li>
 *   <li>Every other m-section is rejected in the answer (port 0).</li>
 * </ul>
 *
 * <p>Refusals: an offer that sends nothing (only recvonly/inactive: WHIP publishes), accepted
 * sections without {@code a=rtcp-mux} or not bundled together (the transport has one ICE
 * component, RFC 8843), missing ICE credentials or fingerprint → {@link SdpException}; no usable
 * codec at all → {@link NoUsableCodecException}.
 *
 * <p>Threading: pure function; any thread.
 */
public final class Negotiation {

    private Negotiation() {
    }

    /** Negotiates an offer; see the class comment for the rules. */
    public static Negotiated negotiate(SdpOffer offer) {
        List<MediaSection> sending = offer.media().stream()
                .filter(m -> !m.isDisabled() && m.isSecureRtp() && m.direction().sends()
                        && (m.kind().equals("video") || m.kind().equals("audio")))
                .toList();
        if (sending.isEmpty()) {
            boolean anyMedia = offer.media().stream().anyMatch(m -> !m.isDisabled()
                    && (m.kind().equals("video") || m.kind().equals("audio")));
            throw new SdpException(anyMedia
                    ? "offer sends no media: WHIP publishes, so audio/video must be sendonly (RFC 9725 §4.2)"
                    : "offer has no audio or video m-section");
        }
        Optional<Chosen> video = Optional.empty();
        Optional<Chosen> audio = Optional.empty();
        for (MediaSection m : sending) {
            if (m.kind().equals("video") && video.isEmpty()) {
                video = pickVideo(m).map(p -> new Chosen(m, p));
            } else if (m.kind().equals("audio") && audio.isEmpty()) {
                audio = pickOpus(m).map(p -> new Chosen(m, p));
            }
        }
        if (video.isEmpty() && audio.isEmpty()) {
            throw new NoUsableCodecException(
                    "no usable codec: offer H.264 (packetization-mode=1) or VP8 video, or opus/48000/2 audio");
        }
        List<MediaSection> accepted = new ArrayList<>(2);
        video.ifPresent(c -> accepted.add(c.section));
        audio.ifPresent(c -> accepted.add(c.section));
        accepted.sort(Comparator.comparingInt(MediaSection::index));
        checkTransport(offer, accepted);
        // Congestion feedback is REMB (the receive path sends goog-remb). Transport-cc is never
        // accepted: a publisher that negotiated it would wait for feedback that never comes and
        // keep its bandwidth estimate low.
        int twcc = 0;
        int abs = extensionId(accepted, Extmap.ABS_SEND_TIME);
        int mid = extensionId(accepted, Extmap.SDES_MID);
        NegotiatedMedia media = new NegotiatedMedia(video.map(Negotiation::payload), audio.map(Negotiation::payload),
                twcc, abs, mid);
        return new Negotiated(media, remoteTransport(offer, accepted));
    }

    private record Chosen(MediaSection section, PayloadFormat format) {
    }

    private static Optional<PayloadFormat> pickVideo(MediaSection m) {
        Optional<PayloadFormat> h264 = m.payloads().stream()
                .filter(p -> p.is("H264") && p.clockRate() == 90000)
                .filter(p -> p.parameter("packetization-mode").orElse("0").equals("1"))
                .filter(p -> H264Profile.rank(p.parameter("profile-level-id").orElse(null)) != H264Profile.UNUSABLE)
                .min(Comparator.comparingInt(p -> H264Profile.rank(p.parameter("profile-level-id").orElse(null))));
        if (h264.isPresent()) {
            return h264;
        }
        return m.payloads().stream().filter(p -> p.is("VP8") && p.clockRate() == 90000).findFirst();
    }

    private static Optional<PayloadFormat> pickOpus(MediaSection m) {
        return m.payloads().stream()
                .filter(p -> p.is("opus") && p.clockRate() == 48000 && p.channels() == 2)
                .findFirst();
    }

    private static Payload payload(Chosen c) {
        PayloadFormat p = c.format;
        MediaSection m = c.section;
        int rtx = m.payloads().stream()
                .filter(r -> r.is("rtx") && r.clockRate() == p.clockRate())
                .filter(r -> r.parameter("apt").orElse("").equals(Integer.toString(p.payloadType())))
                .mapToInt(PayloadFormat::payloadType).findFirst().orElse(-1);
        String codec = p.is("H264") ? "H264" : p.is("VP8") ? "VP8" : "opus";
        List<String> fb = p.feedback();
        return new Payload(m.mid().orElseThrow(), p.payloadType(), codec, p.clockRate(), p.is("opus") ? 2 : 0,
                p.fmtp(), rtx, fb.contains("nack"), fb.contains("nack pli"), fb.contains("goog-remb"),
                false);
    }

    private static void checkTransport(SdpOffer offer, List<MediaSection> accepted) {
        for (MediaSection m : accepted) {
            if (m.mid().isEmpty()) {
                throw new SdpException("accepted m-section has no a=mid (RFC 8843 §15.1)");
            }
            if (!m.rtcpMux()) {
                throw new SdpException("a=rtcp-mux is required (RFC 8829 §5.2.1, RFC 5761)");
            }
        }
        if (accepted.size() > 1) {
            Optional<List<String>> group = offer.bundleGroupOf(accepted.getFirst().mid().orElseThrow());
            boolean together = group.isPresent()
                    && accepted.stream().allMatch(m -> group.get().contains(m.mid().orElseThrow()));
            if (!together) {
                throw new SdpException("audio and video must share one a=group:BUNDLE (RFC 8843)");
            }
        }
    }

    private static int extensionId(List<MediaSection> accepted, String uri) {
        int id = 0;
        for (MediaSection m : accepted) {
            Optional<Extmap> e = m.extmap(uri);
            if (e.isPresent()) {
                if (id != 0 && id != e.get().id()) {
                    throw new SdpException("bundled m-sections map one extension to different ids (RFC 8843 §9.2)");
                }
                id = e.get().id();
            }
        }
        return id;
    }

    private static RemoteTransport remoteTransport(SdpOffer offer, List<MediaSection> accepted) {
        MediaSection tagged = accepted.getFirst();
        String ufrag = offer.iceUfrag(tagged)
                .orElseThrow(() -> new SdpException("offer has no a=ice-ufrag (RFC 8839 §5.4)"));
        String pwd = offer.icePwd(tagged)
                .orElseThrow(() -> new SdpException("offer has no a=ice-pwd (RFC 8839 §5.4)"));
        if (ufrag.length() < 4 || ufrag.length() > 256 || !SdpText.iceChars(ufrag)) {
            throw new SdpException("a=ice-ufrag must be 4..256 ice-chars (RFC 8839 §5.4)");
        }
        if (pwd.length() < 22 || pwd.length() > 256 || !SdpText.iceChars(pwd)) {
            throw new SdpException("a=ice-pwd must be 22..256 ice-chars (RFC 8839 §5.4)");
        }
        Fingerprint fp = offer.fingerprint(tagged)
                .orElseThrow(() -> new SdpException("offer has no a=fingerprint (RFC 8122 §5)"));
        SetupRole setup = offer.setup(tagged).orElse(SetupRole.ACTIVE);
        List<IceCandidate> candidates = new ArrayList<>();
        for (MediaSection m : accepted) {
            for (IceCandidate c : m.candidates()) {
                if (c.component() == 1 && !candidates.contains(c)) {
                    candidates.add(c);
                }
            }
        }
        boolean trickle = offer.iceOptions(tagged).contains("trickle");
        return new RemoteTransport(ufrag, pwd, fp, setup, candidates, trickle);
    }
}
