// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Offers and a local transport shared by the SDP and HTTP tests. */
public final class SdpFixtures {

    /** A fixed fingerprint for our side. */
    public static final Fingerprint LOCAL_FINGERPRINT = Fingerprint.parse("sha-256 "
            + "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99");

    /** Our ICE side: one UDP host and one passive TCP host candidate. */
    public static final LocalTransport LOCAL = new LocalTransport("Lp4x", "livepipeTestPassword0123",
            LOCAL_FINGERPRINT, List.of(
                    IceCandidate.local("1", "udp", 2130706431L, "192.0.2.10", 40000, "host", Optional.empty()),
                    IceCandidate.local("2", "tcp", 1518280447L, "192.0.2.10", 40000, "host", Optional.of("passive"))));

    private SdpFixtures() {
    }

    /** A resource of this package as text. */
    public static String resource(String name) {
        try (InputStream in = SdpFixtures.class.getResourceAsStream("/dev/livepipe/ingest/whip/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A typical Chrome 130+ sendonly offer: Opus/red/G722…, VP8/H264×6/AV1/VP9×2/H265/red/ulpfec with RTX. */
    public static String chromeOffer() {
        return resource("chrome-offer.sdp");
    }

    /** A Firefox-style offer: session-level fingerprint, media-level ICE, upper-case transports. */
    public static String firefoxOffer() {
        return resource("firefox-offer.sdp");
    }

    /** A VP8/VP9 video-only offer with a data channel, setup:passive. */
    public static String vp8OnlyOffer() {
        return resource("vp8-only-offer.sdp");
    }

    /** Parses and negotiates. */
    public static Negotiated negotiate(String sdp) {
        return Negotiation.negotiate(SdpParser.parseOffer(sdp));
    }
}
