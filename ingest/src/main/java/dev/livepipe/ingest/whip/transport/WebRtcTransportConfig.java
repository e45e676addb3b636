// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Configuration of the WebRTC transport service ({@link WebRtcTransports}). Immutable.
 *
 * @param udpPort           the one UDP port of every session (RFC 8445 §5.1.1; 0 = ephemeral, for tests)
 * @param hostAddresses     which local addresses become host candidates
 * @param publicAddresses   local → public IP, each adds a server-reflexive candidate with the public
 *                          address on the same port (1:1 NAT, e.g. a cloud VM); may be empty
 * @param iceTcpPort        TCP port of the passive ICE-TCP host candidates (RFC 6544, RFC 4571 framing),
 *                          shared by every session on every host address; 0 disables ICE-TCP (the
 *                          default). There is no ephemeral choice: ice4j advertises the configured port
 * @param iceConnectTimeout how long a session may wait for ICE to connect
 * @param dtlsTimeout       how long the DTLS handshake may take after ICE connected; together with
 *                          {@code iceConnectTimeout} at most 30 s
 * @param holdMaxPackets    SRTP/SRTCP packets held per session while the keys are not yet known
 * @param holdMaxBytes      bytes held per session likewise
 * @param maxSsrcs          inbound SSRCs (RTP and RTCP each) per session whose crypto contexts are kept
 * @param inboxCapacity     datagrams queued per session between ice4j's socket thread and the
 *                          session's serial worker; more are dropped and counted
 * @param rxThreads         threads of the shared {@code whip-rx} pool (decrypt + listener calls)
 * @param dtlsThreads       threads of the shared {@code whip-dtls} pool (blocking handshakes, teardown)
 */
public record WebRtcTransportConfig(int udpPort, HostAddresses hostAddresses,
                                    Map<InetAddress, InetAddress> publicAddresses, int iceTcpPort,
                                    Duration iceConnectTimeout, Duration dtlsTimeout, int holdMaxPackets,
                                    int holdMaxBytes, int maxSsrcs, int inboxCapacity, int rxThreads,
                                    int dtlsThreads) {

    /** The production default UDP port (as jvb's and mediamtx's WebRTC port, 8189). */
    public static final int DEFAULT_UDP_PORT = 8189;

    /** Which local addresses get a host candidate. */
    public enum HostAddresses {
        /** 127.0.0.1 only: tests, never reachable from outside. */
        LOOPBACK,
        /** Every up, non-loopback, non-link-local address of every interface (IPv4 and IPv6). */
        ALL_NON_LINK_LOCAL
    }

    public WebRtcTransportConfig {
        if (udpPort < 0 || udpPort > 65535 || iceTcpPort < 0 || iceTcpPort > 65535) {
            throw new IllegalArgumentException("port out of range");
        }
        publicAddresses = Map.copyOf(publicAddresses);
        if (iceConnectTimeout.plus(dtlsTimeout).compareTo(Duration.ofSeconds(30)) > 0
                || iceConnectTimeout.isNegative() || iceConnectTimeout.isZero()
                || dtlsTimeout.isNegative() || dtlsTimeout.isZero()) {
            throw new IllegalArgumentException("ICE + DTLS timeouts must be positive and at most 30 s");
        }
        if (holdMaxPackets < 0 || holdMaxBytes < 0 || maxSsrcs < 1 || inboxCapacity < 16 || rxThreads < 1
                || dtlsThreads < 1) {
            throw new IllegalArgumentException("bounds must be positive");
        }
    }

    /** Production defaults: port 8189, all non-link-local addresses, no mapping, no ICE-TCP. */
    public static WebRtcTransportConfig defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new WebRtcTransportConfig(DEFAULT_UDP_PORT, HostAddresses.ALL_NON_LINK_LOCAL, Map.of(), 0,
                Duration.ofSeconds(15), Duration.ofSeconds(15), 256, 1 << 20, 32, 1024, Math.max(2, cores),
                Math.max(4, 2 * cores));
    }

    /** For tests: 127.0.0.1 on an ephemeral port, short timeouts. */
    public static WebRtcTransportConfig loopbackForTests() {
        return new WebRtcTransportConfig(0, HostAddresses.LOOPBACK, Map.of(), 0, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 256, 1 << 20, 32, 1024, 2, 4);
    }

    /**
     * Defaults overridden by the environment: {@code LIVEPIPE_WEBRTC_UDP_PORT},
     * {@code LIVEPIPE_WEBRTC_TCP_PORT}, {@code LIVEPIPE_WEBRTC_INTERFACES} (all | loopback) and
     * {@code LIVEPIPE_WEBRTC_PUBLIC_IPS} (comma-separated
     * {@code local=public} pairs, e.g. {@code 10.0.0.5=203.0.113.7}).
     */
    public static WebRtcTransportConfig fromEnvironment(Map<String, String> env) {
        WebRtcTransportConfig d = defaults();
        int udp = Integer.parseInt(env.getOrDefault("LIVEPIPE_WEBRTC_UDP_PORT", String.valueOf(d.udpPort())));
        int tcp = Integer.parseInt(env.getOrDefault("LIVEPIPE_WEBRTC_TCP_PORT", String.valueOf(DEFAULT_UDP_PORT)));
        Map<InetAddress, InetAddress> mapping = new LinkedHashMap<>();
        String ips = env.getOrDefault("LIVEPIPE_WEBRTC_PUBLIC_IPS", "").trim();
        if (!ips.isEmpty()) {
            for (String pair : ips.split(",")) {
                String[] lr = pair.trim().split("=");
                if (lr.length != 2) {
                    throw new IllegalArgumentException("LIVEPIPE_WEBRTC_PUBLIC_IPS wants local=public pairs");
                }
                mapping.put(literal(lr[0]), literal(lr[1]));
            }
        }
        HostAddresses hosts = switch (env.getOrDefault("LIVEPIPE_WEBRTC_INTERFACES", "all").trim().toLowerCase()) {
            case "all", "" -> d.hostAddresses();
            case "loopback" -> HostAddresses.LOOPBACK;
            default -> throw new IllegalArgumentException("LIVEPIPE_WEBRTC_INTERFACES must be all or loopback");
        };
        return new WebRtcTransportConfig(udp, hosts, mapping, tcp, d.iceConnectTimeout(),
                d.dtlsTimeout(), d.holdMaxPackets(), d.holdMaxBytes(), d.maxSsrcs(), d.inboxCapacity(),
                d.rxThreads(), d.dtlsThreads());
    }

    /** A copy with another public address mapping. */
    public WebRtcTransportConfig withPublicAddresses(Map<InetAddress, InetAddress> mapping) {
        return new WebRtcTransportConfig(udpPort, hostAddresses, mapping, iceTcpPort, iceConnectTimeout,
                dtlsTimeout, holdMaxPackets, holdMaxBytes, maxSsrcs, inboxCapacity, rxThreads, dtlsThreads);
    }

    /** A copy that offers candidates on other interfaces. */
    public WebRtcTransportConfig withHostAddresses(HostAddresses hosts) {
        return new WebRtcTransportConfig(udpPort, hosts, publicAddresses, iceTcpPort, iceConnectTimeout,
                dtlsTimeout, holdMaxPackets, holdMaxBytes, maxSsrcs, inboxCapacity, rxThreads, dtlsThreads);
    }

    /** A copy with another ICE-TCP port (0 = off). */
    public WebRtcTransportConfig withIceTcpPort(int port) {
        return new WebRtcTransportConfig(udpPort, hostAddresses, publicAddresses, port, iceConnectTimeout,
                dtlsTimeout, holdMaxPackets, holdMaxBytes, maxSsrcs, inboxCapacity, rxThreads, dtlsThreads);
    }

    /** A copy with other timeouts. */
    public WebRtcTransportConfig withTimeouts(Duration ice, Duration dtls) {
        return new WebRtcTransportConfig(udpPort, hostAddresses, publicAddresses, iceTcpPort, ice, dtls,
                holdMaxPackets, holdMaxBytes, maxSsrcs, inboxCapacity, rxThreads, dtlsThreads);
    }

    private static InetAddress literal(String ip) {
        String s = ip.trim();
        if (!s.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + s); // no DNS lookups at config time
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
