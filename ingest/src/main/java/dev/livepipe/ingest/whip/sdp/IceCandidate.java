// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * One ICE candidate, the value of {@code a=candidate} (RFC 8839 §5.1), used both for the
 * publisher's candidates (offer and trickle PATCH) and for ours (the answer). Addresses are kept
 * as written: a browser may send an mDNS name ({@code <uuid>.local}) that the transport resolves
 * or skips.
 *
 * @param foundation     1 to 32 ice-chars
 * @param component      1 (RTP; with rtcp-mux the only one that matters) .. 256
 * @param transport      {@code udp} or {@code tcp} (lower case)
 * @param priority       0 .. 2^32-1
 * @param address        IP address or FQDN
 * @param port           0 .. 65535 (TCP active candidates use 9)
 * @param type           {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param relatedAddress {@code raddr}, if given
 * @param relatedPort    {@code rport}, or -1
 * @param tcpType        {@code tcptype} (RFC 6544 §4.5) for TCP candidates: active, passive, so
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
                           int port, String type, Optional<String> relatedAddress, int relatedPort,
                           Optional<String> tcpType) {

    /** Validates the fields. */
    public IceCandidate {
        if (foundation.isEmpty() || foundation.length() > 32 || !SdpText.iceChars(foundation)) {
            throw new SdpException("bad candidate foundation");
        }
        if (component < 1 || component > 256) {
            throw new SdpException("bad candidate component");
        }
        if (!transport.equals("udp") && !transport.equals("tcp")) {
            throw new SdpException("candidate transport must be udp or tcp");
        }
        if (priority < 0 || priority > 0xFFFF_FFFFL) {
            throw new SdpException("bad candidate priority");
        }
        if (!validAddress(address)) {
            throw new SdpException("bad candidate address");
        }
        if (port < 0 || port > 65535 || relatedPort < -1 || relatedPort > 65535) {
            throw new SdpException("bad candidate port");
        }
        if (!type.equals("host") && !type.equals("srflx") && !type.equals("prflx") && !type.equals("relay")) {
            throw new SdpException("bad candidate type");
        }
        if (relatedAddress.isPresent() && !validAddress(relatedAddress.get())) {
            throw new SdpException("bad candidate raddr");
        }
        if (tcpType.isPresent() && !SdpText.visible(tcpType.get())) {
            throw new SdpException("bad candidate tcptype");
        }
    }

    /** A local candidate for the answer: component 1, no related address. */
    public static IceCandidate local(String foundation, String transport, long priority, String address, int port,
                                     String type, Optional<String> tcpType) {
        return new IceCandidate(foundation, 1, transport, priority, address, port, type, Optional.empty(), -1, tcpType);
    }

    /**
     * Parses {@code candidate:<foundation> <component> <transport> <priority> <address> <port>
     * typ <type> [raddr <a>] [rport <p>] *(<name> <value>)}; the {@code candidate:} prefix is
     * optional. Unknown extensions ({@code generation}, {@code ufrag}, {@code network-id}, …) are
     * skipped.
     */
    public static IceCandidate parse(String value) {
        String v = value.startsWith("candidate:") ? value.substring("candidate:".length()) : value;
        String[] f = SdpText.fields(v);
        if (f.length < 8 || f.length % 2 != 0 || !f[6].equals("typ")) {
            throw new SdpException("malformed a=candidate (RFC 8839 §5.1)");
        }
        String raddr = null;
        int rport = -1;
        String tcpType = null;
        for (int i = 8; i + 1 < f.length; i += 2) {
            switch (f[i]) {
                case "raddr" -> raddr = f[i + 1];
                case "rport" -> rport = SdpText.integer(f[i + 1], 65535, "candidate rport");
                case "tcptype" -> tcpType = f[i + 1];
                default -> {
                    // extension attributes we do not need
                }
            }
        }
        return new IceCandidate(f[0], SdpText.integer(f[1], 256, "candidate component"),
                f[2].toLowerCase(Locale.ROOT), SdpText.number(f[3], 0xFFFF_FFFFL, "candidate priority"), f[4],
                SdpText.integer(f[5], 65535, "candidate port"), f[7], Optional.ofNullable(raddr), rport,
                Optional.ofNullable(tcpType));
    }

    /** The attribute value, {@code candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host}. */
    public String toSdp() {
        StringBuilder sb = new StringBuilder(96).append("candidate:").append(foundation).append(' ')
                .append(component).append(' ').append(transport).append(' ').append(priority).append(' ')
                .append(address).append(' ').append(port).append(" typ ").append(type);
        relatedAddress.ifPresent(a -> sb.append(" raddr ").append(a));
        if (relatedPort >= 0) {
            sb.append(" rport ").append(relatedPort);
        }
        tcpType.ifPresent(t -> sb.append(" tcptype ").append(t));
        return sb.toString();
    }

    /** True for an mDNS host name (draft-ietf-mmusic-mdns-ice-candidates) the transport must resolve. */
    public boolean isMdns() {
        return address.endsWith(".local");
    }

    private static boolean validAddress(String a) {
        if (a.isEmpty() || a.length() > 255) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
