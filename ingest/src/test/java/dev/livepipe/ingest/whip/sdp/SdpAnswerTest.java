// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden answers (RFC 8829 §5.3.1, RFC 9725 §4.2) for real-world offers. */
class SdpAnswerTest {

    private static final long SESSION_ID = 1234567890123456789L;

    @ParameterizedTest
    @ValueSource(strings = {"chrome", "firefox", "vp8-only"})
    void answerMatchesGolden(String browser) {
        SdpOffer offer = SdpParser.parseOffer(SdpFixtures.resource(browser + "-offer.sdp"));
        String answer = SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, true, SESSION_ID);
        assertThat(answer).isEqualTo(SdpFixtures.resource(browser + "-answer.sdp"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chrome", "firefox", "vp8-only"})
    void answerParsesBackWithSameMidsInOrderAndOnlyRecvonly(String browser) {
        SdpOffer offer = SdpParser.parseOffer(SdpFixtures.resource(browser + "-offer.sdp"));
        SdpOffer answer = SdpParser.parseOffer(
                SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, true, SESSION_ID));
        assertThat(answer.media()).extracting(MediaSection::mid)
                .isEqualTo(offer.media().stream().map(MediaSection::mid).toList());
        assertThat(answer.iceLite()).isFalse();
        for (MediaSection m : answer.media()) {
            if (!m.isDisabled()) {
                assertThat(m.direction()).isEqualTo(Direction.RECVONLY);
                assertThat(m.rtcpMux()).isTrue();
                assertThat(answer.fingerprint(m)).contains(SdpFixtures.LOCAL_FINGERPRINT);
                assertThat(answer.iceUfrag(m)).contains("Lp4x");
            }
        }
    }

    @Test
    void chromeAnswerKeepsOnlyChosenPayloadsAndRtx() {
        SdpOffer offer = SdpParser.parseOffer(SdpFixtures.chromeOffer());
        SdpOffer answer = SdpParser.parseOffer(
                SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, true, SESSION_ID));
        assertThat(answer.media().get(0).formats()).containsExactly("111");
        assertThat(answer.media().get(1).formats()).containsExactly("109", "114");
        assertThat(answer.media().get(0).candidates()).hasSize(2);
        assertThat(answer.media().get(1).candidates()).isEmpty();
        assertThat(answer.bundleGroups()).containsExactly(List.of("0", "1"));
        assertThat(answer.setup(answer.media().get(0))).contains(SetupRole.PASSIVE);
    }

    @Test
    void withoutTrickleTheAnswerHasNoTrickleOption() {
        SdpOffer offer = SdpParser.parseOffer(SdpFixtures.chromeOffer());
        String answer = SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, false, SESSION_ID);
        assertThat(answer).doesNotContain("ice-options").contains("a=end-of-candidates\r\n");
    }

    @Test
    void unusedVideoSectionAndDataChannelAreRejectedWithPortZero() {
        String sdp = SdpFixtures.vp8OnlyOffer().replace("m=application", "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
                + "a=mid:v1\r\na=sendonly\r\na=rtcp-mux\r\na=rtpmap:96 VP8/90000\r\nm=application");
        SdpOffer offer = SdpParser.parseOffer(sdp);
        String answer = SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, true, SESSION_ID);
        assertThat(answer).contains("m=video 0 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:v1\r\n")
                .contains("m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:dc\r\n")
                .contains("a=group:BUNDLE v0\r\n");
    }

    @Test
    void everyLineEndsWithCrlf() {
        SdpOffer offer = SdpParser.parseOffer(SdpFixtures.firefoxOffer());
        String answer = SdpAnswer.write(offer, Negotiation.negotiate(offer), SdpFixtures.LOCAL, true, SESSION_ID);
        assertThat(answer).endsWith("\r\n");
        assertThat(answer.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }
}
