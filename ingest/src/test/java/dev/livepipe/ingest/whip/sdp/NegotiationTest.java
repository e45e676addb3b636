// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.ingest.whip.NegotiatedMedia;
import dev.livepipe.ingest.whip.NegotiatedMedia.Payload;
import org.junit.jupiter.api.Test;

/** Payload choice and refusals (RFC 6184 §8.1, RFC 7741, RFC 7587, RFC 9725 §4.2). */
class NegotiationTest {

    @Test
    void chromePrefersConstrainedBaselineH264InPacketizationMode1() {
        Negotiated n = SdpFixtures.negotiate(SdpFixtures.chromeOffer());
        NegotiatedMedia m = n.media();
        Payload v = m.video().orElseThrow();
        assertThat(v).isEqualTo(new Payload("1", 109, "H264", 90000, 0,
                "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", 114, true, true, true, false));
        assertThat(m.audio().orElseThrow()).isEqualTo(new Payload("0", 111, "opus", 48000, 2,
                "minptime=10;useinbandfec=1", -1, false, false, false, false));
        // REMB only: transport-cc is never accepted, though Chrome offers it.
        assertThat(m.transportCcExtension()).isZero();
        assertThat(m.absSendTimeExtension()).isEqualTo(2);
        assertThat(m.midExtension()).isEqualTo(4);
        RemoteTransport r = n.remote();
        assertThat(r.iceUfrag()).isEqualTo("Ez4N");
        assertThat(r.icePwd()).isEqualTo("lLVeVm3Z5+/RiTgtEt2hA7Cc");
        assertThat(r.remoteSetup()).isEqualTo(SetupRole.ACTPASS);
        assertThat(r.localSetup()).isEqualTo(SetupRole.PASSIVE);
        assertThat(r.dtlsServer()).isTrue();
        assertThat(r.trickle()).isTrue();
        assertThat(r.candidates()).hasSize(3);
        assertThat(r.candidates().getFirst().isMdns()).isTrue();
    }

    @Test
    void firefoxOfferNegotiates() {
        NegotiatedMedia m = SdpFixtures.negotiate(SdpFixtures.firefoxOffer()).media();
        assertThat(m.video().orElseThrow().payloadType()).isEqualTo(126);
        assertThat(m.video().orElseThrow().rtxPayloadType()).isEqualTo(127);
        assertThat(m.audio().orElseThrow().payloadType()).isEqualTo(109);
        assertThat(m.transportCcExtension()).isZero();
        assertThat(m.midExtension()).isEqualTo(3);
    }

    @Test
    void vp8WhenNoH264AndPassiveOfferMakesUsDtlsClient() {
        Negotiated n = SdpFixtures.negotiate(SdpFixtures.vp8OnlyOffer());
        Payload v = n.media().video().orElseThrow();
        assertThat(v.codec()).isEqualTo("VP8");
        assertThat(v.rtxPayloadType()).isEqualTo(97);
        assertThat(v.nack()).as("rtcp-fb:* nack applies").isTrue();
        assertThat(n.media().audio()).isEmpty();
        assertThat(n.remote().localSetup()).isEqualTo(SetupRole.ACTIVE);
        assertThat(n.remote().dtlsServer()).isFalse();
    }

    @Test
    void h264InPacketizationMode0OnlyFallsBackToVp8() {
        String sdp = SdpFixtures.chromeOffer().replace("packetization-mode=1", "packetization-mode=0");
        assertThat(SdpFixtures.negotiate(sdp).media().video().orElseThrow().codec()).isEqualTo("VP8");
    }

    @Test
    void h264ProfilesRank() {
        assertThat(H264Profile.rank("42e01f")).isZero();
        assertThat(H264Profile.rank("42001f")).isEqualTo(1);
        assertThat(H264Profile.rank(null)).isEqualTo(1);
        assertThat(H264Profile.rank("4d001f")).isEqualTo(2);
        assertThat(H264Profile.rank("640c1f")).isEqualTo(3);
        assertThat(H264Profile.rank("f4001f")).isEqualTo(H264Profile.UNUSABLE);
        assertThat(H264Profile.rank("42e0")).isEqualTo(H264Profile.UNUSABLE);
        assertThat(H264Profile.rank("zze01f")).isEqualTo(H264Profile.UNUSABLE);
    }

    @Test
    void noUsableCodecIsItsOwnException() {
        String sdp = offer("m=video 9 UDP/TLS/RTP/SAVPF 98\r\na=mid:0\r\na=sendonly\r\na=rtcp-mux\r\n"
                + "a=rtpmap:98 VP9/90000\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:1\r\na=sendonly\r\n"
                + "a=rtcp-mux\r\na=rtpmap:0 PCMU/8000\r\n");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).isInstanceOf(NoUsableCodecException.class)
                .hasMessageContaining("no usable codec");
    }

    @Test
    void recvonlyOfferIsRefusedBecauseWhipPublishes() {
        String sdp = SdpFixtures.chromeOffer().replace("a=sendonly", "a=recvonly");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).isInstanceOf(SdpException.class)
                .isNotInstanceOf(NoUsableCodecException.class).hasMessageContaining("sends no media");
    }

    @Test
    void sendrecvIsAccepted() {
        String sdp = SdpFixtures.chromeOffer().replace("a=sendonly", "a=sendrecv");
        assertThat(SdpFixtures.negotiate(sdp).media().video()).isPresent();
    }

    @Test
    void rtcpMuxIsRequired() {
        String sdp = SdpFixtures.chromeOffer().replace("a=rtcp-mux\r\n", "");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).hasMessageContaining("rtcp-mux");
    }

    @Test
    void audioAndVideoMustBeBundled() {
        String sdp = SdpFixtures.chromeOffer().replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).hasMessageContaining("BUNDLE");
    }

    @Test
    void iceCredentialsAndFingerprintAreRequired() {
        assertThatThrownBy(() -> SdpFixtures.negotiate(SdpFixtures.chromeOffer().replaceAll("a=ice-ufrag:Ez4N\r\n", "")))
                .hasMessageContaining("ice-ufrag");
        assertThatThrownBy(() -> SdpFixtures.negotiate(SdpFixtures.chromeOffer().replaceAll("a=ice-pwd:[^\r]*\r\n", "")))
                .hasMessageContaining("ice-pwd");
        assertThatThrownBy(() -> SdpFixtures.negotiate(SdpFixtures.chromeOffer()
                .replaceAll("a=fingerprint:[^\r]*\r\n", ""))).hasMessageContaining("fingerprint");
        assertThatThrownBy(() -> SdpFixtures.negotiate(SdpFixtures.chromeOffer().replace("Ez4N", "E!")))
                .hasMessageContaining("ice-ufrag");
    }

    @Test
    void conflictingExtensionIdsAcrossTheBundleAreRefused() {
        String sdp = SdpFixtures.chromeOffer().replaceFirst("a=extmap:2 ", "a=extmap:9 ");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).hasMessageContaining("different ids");
    }

    @Test
    void plainRtpIsNotUsable() {
        String sdp = SdpFixtures.vp8OnlyOffer().replace("UDP/TLS/RTP/SAVPF", "RTP/AVP");
        assertThatThrownBy(() -> SdpFixtures.negotiate(sdp)).isInstanceOf(SdpException.class);
    }

    static String offer(String media) {
        return "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\na=ice-ufrag:abcd\r\n"
                + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=setup:actpass\r\n"
                + "a=fingerprint:sha-256 " + SdpFixtures.LOCAL_FINGERPRINT.value() + "\r\n" + media;
    }
}
