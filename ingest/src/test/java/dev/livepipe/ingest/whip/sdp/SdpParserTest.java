// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8866 parsing of offers, and the bounds. */
class SdpParserTest {

    @Test
    void parsesChromeOffer() {
        SdpOffer o = SdpParser.parseOffer(SdpFixtures.chromeOffer());
        assertThat(o.bundleGroups()).containsExactly(List.of("0", "1"));
        assertThat(o.extmapAllowMixed()).isTrue();
        assertThat(o.media()).hasSize(2);
        MediaSection audio = o.media().get(0);
        assertThat(audio.kind()).isEqualTo("audio");
        assertThat(audio.mid()).contains("0");
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.iceUfrag()).contains("Ez4N");
        assertThat(audio.iceOptions()).containsExactly("trickle");
        assertThat(audio.setup()).contains(SetupRole.ACTPASS);
        assertThat(audio.fingerprint().orElseThrow().hashFunction()).isEqualTo("sha-256");
        assertThat(audio.rtcpMux()).isTrue();
        assertThat(audio.rtcpRsize()).isTrue();
        assertThat(audio.payload(111).orElseThrow()).isEqualTo(
                new PayloadFormat(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")));
        assertThat(audio.candidates()).hasSize(3);
        assertThat(audio.ssrcs()).containsExactly(3735928559L);
        MediaSection video = o.media().get(1);
        assertThat(video.payloads()).hasSize(27);
        assertThat(video.payload(109).orElseThrow().feedback())
                .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.payload(109).orElseThrow().parameter("profile-level-id")).contains("42e01f");
        assertThat(video.extmap(Extmap.SDES_MID)).contains(new Extmap(4, Optional.empty(), Extmap.SDES_MID));
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(2882400001L, 2882400002L)));
        assertThat(video.ssrcs()).containsExactly(2882400001L, 2882400002L);
    }

    @Test
    void parsesFirefoxOfferWithSessionLevelFingerprintAndLfLines() {
        SdpOffer o = SdpParser.parseOffer(SdpFixtures.firefoxOffer().replace("\r\n", "\n"));
        assertThat(o.fingerprint()).isPresent();
        assertThat(o.media().get(0).fingerprint()).isEmpty();
        assertThat(o.fingerprint(o.media().get(0))).isEqualTo(o.fingerprint());
        assertThat(o.iceOptions()).containsExactly("trickle");
        assertThat(o.media().get(0).candidates().get(0).transport()).isEqualTo("udp");
        assertThat(o.media().get(0).endOfCandidates()).isTrue();
        assertThat(o.media().get(1).extmaps()).contains(new Extmap(6, Optional.of(Direction.RECVONLY),
                "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\r\n", "hello world", "v=1\r\n", "o=- 1 1 IN IP4 1.2.3.4\r\nv=0\r\n",
        "v=0\r\ns=-\r\n", "v=0\r\nbad line\r\nm=audio 9 RTP/AVP 0\r\n", "v=0\r\nX=upper\r\n",
        "v=0\r\nm=audio\r\n", "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 300\r\n", "v=0\r\nm=audio 99999 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0 0\r\n", "v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:x PCMU/8000\r\n", "v=0\r\nm=audio 9 RTP/AVP 0\r\na=extmap:15 urn:x\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=candidate:1 1 udp 1 1.2.3.4 5 host\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\nm=audio 9 RTP/AVP 0\r\na=mid:a\r\n",
        "v=0\r\na=setup:holdconn\r\nm=audio 9 RTP/AVP 0\r\n", "v=0\r\na=fingerprint:md5 AB:CD\r\nm=audio 9 RTP/AVP 0\r\n",
        "v=0\r\na=fingerprint:sha-256 AB:CD\r\nm=audio 9 RTP/AVP 0\r\n", "v=0\r\ns=\u0000\r\nm=audio 9 RTP/AVP 0\r\n",
        "v=0\r\nm=audio 9 RTP/AVP 0\r\na=ssrc:99999999999 cname:x\r\n"})
    void malformedOffersAreRefused(String sdp) {
        assertThatThrownBy(() -> SdpParser.parseOffer(sdp)).isInstanceOf(SdpException.class);
    }

    @Test
    void fiveHundredMediaSectionsAreRefused() {
        StringBuilder sb = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 500; i++) {
            sb.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:").append(i).append("\r\n");
        }
        assertThatThrownBy(() -> SdpParser.parseOffer(sb.toString())).isInstanceOf(SdpException.class)
                .hasMessage("more than 16 m= sections");
    }

    @Test
    void lineAndSizeBoundsAreEnforced() {
        String longLine = "v=0\r\ns=" + "x".repeat(3000) + "\r\n";
        assertThatThrownBy(() -> SdpParser.parseOffer(longLine)).hasMessageContaining("longer than 2048");
        String manyLines = "v=0\r\n" + "a=x\r\n".repeat(2500);
        assertThatThrownBy(() -> SdpParser.parseOffer(manyLines)).hasMessageContaining("more than 2000 SDP lines");
        String huge = "v=0\r\n" + "a=x\r\n".repeat(20000);
        assertThatThrownBy(() -> SdpParser.parseOffer(huge)).hasMessageContaining("longer than 65536");
    }

    @Test
    void errorMessagesAreOneLineAndDoNotEchoMuch() {
        String evil = "v=0\r\n" + "\u00e9vil line with secrets ".repeat(20) + "\r\n";
        assertThatThrownBy(() -> SdpParser.parseOffer(evil)).satisfies(e -> {
            assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(120);
        });
    }

    @Test
    void fingerprintNormalizesCaseAndRejectsWeakHashes() {
        Fingerprint f = Fingerprint.parse("SHA-256 " + SdpFixtures.LOCAL_FINGERPRINT.value().toLowerCase());
        assertThat(f).isEqualTo(SdpFixtures.LOCAL_FINGERPRINT);
        assertThatThrownBy(() -> Fingerprint.parse("md5 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"))
                .hasMessageContaining("md5");
        assertThatThrownBy(() -> Fingerprint.parse("md2 AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"))
                .isInstanceOf(SdpException.class);
        assertThat(Fingerprint.sha256(new byte[32]).value()).startsWith("00:00:").hasSize(95);
    }
}
