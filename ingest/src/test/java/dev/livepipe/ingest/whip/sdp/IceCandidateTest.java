// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8839 §5.1 candidate syntax, and trickle fragments (RFC 8840). */
class IceCandidateTest {

    @Test
    void parsesChromeSrflxWithExtensions() {
        IceCandidate c = IceCandidate.parse("candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx "
                + "raddr 0.0.0.0 rport 0 generation 0 ufrag Ez4N network-id 1 network-cost 10");
        assertThat(c).isEqualTo(new IceCandidate("842163049", 1, "udp", 1686052607L, "203.0.113.7", 54400, "srflx",
                Optional.of("0.0.0.0"), 0, Optional.empty()));
        assertThat(c.toSdp()).isEqualTo(
                "candidate:842163049 1 udp 1686052607 203.0.113.7 54400 typ srflx raddr 0.0.0.0 rport 0");
    }

    @Test
    void formatsLocalCandidates() {
        assertThat(IceCandidate.local("2", "tcp", 1518280447L, "2001:db8::1", 443, "host", Optional.of("passive"))
                .toSdp()).isEqualTo("candidate:2 1 tcp 1518280447 2001:db8::1 443 typ host tcptype passive");
    }

    @Test
    void upperCaseTransportAndIpv6() {
        IceCandidate c = IceCandidate.parse("0 1 UDP 2122252543 2001:db8::7 51234 typ host");
        assertThat(c.transport()).isEqualTo("udp");
        assertThat(c.isMdns()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"candidate:", "candidate:1 1 udp 1 1.2.3.4 5 host x", "candidate:1 0 udp 1 1.2.3.4 5 typ host",
        "candidate:1 1 sctp 1 1.2.3.4 5 typ host", "candidate:1 1 udp 99999999999 1.2.3.4 5 typ host",
        "candidate:1 1 udp 1 1.2.3.4 70000 typ host", "candidate:1 1 udp 1 1.2.3.4 5 typ magic",
        "candidate:1 1 udp 1 a/b 5 typ host", "candidate:f!o 1 udp 1 1.2.3.4 5 typ host",
        "candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr"})
    void malformedCandidatesAreRefused(String value) {
        assertThatThrownBy(() -> IceCandidate.parse(value)).isInstanceOf(SdpException.class);
    }

    @Test
    void trickleFragmentCollectsCandidatesAndCredentials() {
        String frag = "a=ice-ufrag:EsAw\r\na=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1\r\nm=audio 9 RTP/AVP 0\r\na=mid:0\r\n"
                + "a=candidate:1387637174 1 udp 2122260223 192.0.2.1 61764 typ host generation 0 ufrag EsAw\r\n"
                + "a=candidate:3471623853 1 udp 2122194687 198.51.100.2 61765 typ host generation 0 ufrag EsAw\r\n"
                + "a=end-of-candidates\r\n";
        TrickleFragment f = TrickleFragment.parse(frag, SdpLimits.DEFAULT);
        assertThat(f.iceUfrag()).contains("EsAw");
        assertThat(f.icePwd()).contains("P2uYro0UCOQ4zxjKXaWCBui1");
        assertThat(f.candidates()).extracting(IceCandidate::port).containsExactly(61764, 61765);
        assertThat(f.endOfCandidates()).isTrue();
    }

    @Test
    void trickleFragmentBoundsAndErrors() {
        assertThatThrownBy(() -> TrickleFragment.parse("a=candidate:nonsense\r\n", SdpLimits.DEFAULT))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> TrickleFragment.parse("m=audio 9 RTP/AVP 0\r\n".repeat(17), SdpLimits.DEFAULT))
                .isInstanceOf(SdpException.class);
        assertThatThrownBy(() -> TrickleFragment.parse("garbage", SdpLimits.DEFAULT)).isInstanceOf(SdpException.class);
        assertThat(TrickleFragment.parse("a=end-of-candidates", SdpLimits.DEFAULT).candidates()).isEmpty();
    }
}
