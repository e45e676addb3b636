// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hold-queue bounds and the SDP-facing value types. */
class TransportValuesTest {

    @Test
    void heldPacketsAreBoundedByCountAndBytesAndReplayInOrder() {
        HeldPackets h = new HeldPackets(3, 250);
        byte[] p = new byte[100];
        for (int i = 0; i < 3; i++) {
            p[0] = (byte) i;
            h.hold(PacketKind.RTP, p, 0, 100, i);
        }
        assertThat(h.size()).isEqualTo(2); // the third would exceed 250 bytes
        assertThat(h.droppedTotal()).isEqualTo(1);
        List<Long> order = new ArrayList<>();
        h.drainTo(x -> order.add(x.arrivalNanos()));
        assertThat(order).containsExactly(0L, 1L);
        assertThat(h.size()).isZero();
    }

    @Test
    void candidatesParseAndPrint() {
        IceCandidate c = IceCandidate.parse(
                "a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.5 rport 46154 generation 0");
        assertThat(c.type()).isEqualTo("srflx");
        assertThat(c.relatedAddress()).isEqualTo("10.0.0.5");
        assertThat(c.toSdpValue()).isEqualTo(
                "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.5 rport 46154");
        assertThat(IceCandidate.parse("candidate:1 1 UDP 1 4a1b.local 5000 typ host").isMdns()).isTrue();
        assertThat(IceCandidate.parse("candidate:2 1 tcp 1 10.0.0.1 9 typ host tcptype active").tcpType())
                .isEqualTo("active");
        assertThatThrownBy(() -> IceCandidate.parse("candidate:1 1 udp x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintsAndSetup() {
        byte[] der = {1, 2, 3};
        Fingerprint f = Fingerprint.of("sha-256", der);
        assertThat(Fingerprint.parse(f.toSdpValue().toLowerCase())).isEqualTo(f);
        assertThat(f.matches(der)).isTrue();
        assertThat(f.matches(new byte[]{1, 2, 4})).isFalse();
        assertThat(Fingerprint.of("sha-1", der).matches(der)).isTrue();
        assertThatThrownBy(() -> Fingerprint.parse("md5 AB:CD")).isInstanceOf(IllegalArgumentException.class);
        assertThat(DtlsSetup.parse("actpass").answererRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsSetup.parse("active").answererRole()).isEqualTo(DtlsRole.SERVER);
        assertThat(DtlsSetup.parse("passive").answererRole()).isEqualTo(DtlsRole.CLIENT);
        assertThat(DtlsRole.SERVER.answerSetup()).isEqualTo("passive");
    }
}
