// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.util.Locale;

/**
 * One ICE candidate as carried by an SDP {@code a=candidate} line (RFC 8839 §5.1, RFC 6544 §4.5
 * for {@code tcptype}); used for the offer's remote candidates and for the local candidates the
 * answer writer prints. Immutable.
 *
 * @param foundation     the foundation (1..32 ice-chars)
 * @param component      the component id (1 = RTP; rtcp-mux means there is no other)
 * @param transport      {@code udp} or {@code tcp}, lower case
 * @param priority       the candidate priority (RFC 8445 §5.1.2)
 * @param address        IP address or an mDNS {@code .local} name
 * @param port           the port (0..65535; 9 is the discard port of active TCP candidates)
 * @param type           {@code host}, {@code srflx}, {@code prflx} or {@code relay}
 * @param relatedAddress {@code raddr} or null
 * @param relatedPort    {@code rport} or -1
 * @param tcpType        {@code active}, {@code passive} or {@code so} for TCP candidates, else null
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
                           int port, String type, String relatedAddress, int relatedPort, String tcpType) {

    /** Upper bound on an attribute value we are willing to parse. */
    private static final int MAX_LENGTH = 1024;

    public IceCandidate {
        transport = transport.toLowerCase(Locale.ROOT);
        type = type.toLowerCase(Locale.ROOT);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
    }

    /** Whether the address is an unresolved mDNS name (RFC 8839 §5.1, draft-ietf-mmusic-mdns-ice-candidates). */
    public boolean isMdns() {
        return address.toLowerCase(Locale.ROOT).endsWith(".local");
    }

    /**
     * Parses an attribute value, with or without the {@code candidate:} prefix, e.g.
     * {@code candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host generation 0}. Unknown
     * extension attributes are ignored.
     *
     * @throws IllegalArgumentException if it is malformed
     */
    public static IceCandidate parse(String value) {
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("candidate too long");
        }
        String v = value.trim();
        if (v.startsWith("a=")) {
            v = v.substring(2);
        }
        if (v.startsWith("candidate:")) {
            v = v.substring("candidate:".length());
        }
        String[] f = v.split("\\s+");
        if (f.length < 8 || !f[6].equals("typ")) {
            throw new IllegalArgumentException("malformed candidate: " + value);
        }
        try {
            String raddr = null;
            int rport = -1;
            String tcpType = null;
            for (int i = 8; i + 1 < f.length; i += 2) {
                switch (f[i]) {
                    case "raddr" -> raddr = f[i + 1];
                    case "rport" -> rport = Integer.parseInt(f[i + 1]);
                    case "tcptype" -> tcpType = f[i + 1];
                    default -> { }
                }
            }
            return new IceCandidate(f[0], Integer.parseInt(f[1]), f[2], Long.parseLong(f[3]), f[4],
                    Integer.parseInt(f[5]), f[7], raddr, rport, tcpType);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed candidate: " + value, e);
        }
    }

    /** The attribute value without {@code a=}, e.g. {@code candidate:1 1 udp 2122260223 10.0.0.1 8189 typ host}. */
    public String toSdpValue() {
        StringBuilder sb = new StringBuilder("candidate:").append(foundation).append(' ').append(component)
                .append(' ').append(transport).append(' ').append(priority).append(' ').append(address)
                .append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            sb.append(" raddr ").append(relatedAddress).append(" rport ").append(relatedPort);
        }
        if (tcpType != null) {
            sb.append(" tcptype ").append(tcpType);
        }
        return sb.toString();
    }
}
