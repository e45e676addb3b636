// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.SdpLimits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the WHIP HTTP resource.
 *
 * @param pathPrefix    where {@link WhipHttp} is mounted, e.g. {@code /whip} (no trailing slash)
 * @param maxBodyBytes  largest offer or PATCH body, checked on Content-Length and while reading
 * @param maxSessions   most concurrent sessions (reserved and live); more → 503
 * @param iceServers    STUN/TURN servers sent as {@code Link} headers in the 201 (none by default)
 * @param trickle       whether PATCH trickle ICE is accepted (else PATCH → 405)
 * @param authorizerApp the application name passed to the
 *                      {@link dev.livepipe.ingest.PublishAuthorizer} ({@code live}, as for RTMP)
 * @param setupTimeout  how long authorization and session creation may each take
 * @param sdpLimits     bounds of the SDP parser
 */
public record WhipConfig(String pathPrefix, int maxBodyBytes, int maxSessions, List<IceServer> iceServers,
                         boolean trickle, String authorizerApp, Duration setupTimeout, SdpLimits sdpLimits) {

    /** 64 KiB: a browser offer is 5–10 KiB. */
    public static final int DEFAULT_MAX_BODY = 64 * 1024;

    /** Validates and copies. */
    public WhipConfig {
        Objects.requireNonNull(authorizerApp, "authorizerApp");
        Objects.requireNonNull(setupTimeout, "setupTimeout");
        Objects.requireNonNull(sdpLimits, "sdpLimits");
        if (!pathPrefix.startsWith("/") || pathPrefix.endsWith("/")) {
            throw new IllegalArgumentException("pathPrefix must start with / and not end with /");
        }
        if (maxBodyBytes < 1024 || maxBodyBytes > 1 << 20) {
            throw new IllegalArgumentException("maxBodyBytes must be 1 KiB .. 1 MiB");
        }
        if (maxSessions < 0) {
            throw new IllegalArgumentException("maxSessions must not be negative");
        }
        iceServers = List.copyOf(iceServers);
    }

    /** {@code /whip}, 64 KiB, 100 sessions, no ICE servers, trickle on, app {@code live}, 10 s. */
    public static WhipConfig defaults() {
        return new WhipConfig("/whip", DEFAULT_MAX_BODY, 100, List.of(), true, "live", Duration.ofSeconds(10),
                SdpLimits.DEFAULT);
    }

    /** A copy with another session limit. */
    public WhipConfig withMaxSessions(int max) {
        return new WhipConfig(pathPrefix, maxBodyBytes, max, iceServers, trickle, authorizerApp, setupTimeout,
                sdpLimits);
    }

    /** A copy with other ICE servers. */
    public WhipConfig withIceServers(List<IceServer> servers) {
        return new WhipConfig(pathPrefix, maxBodyBytes, maxSessions, servers, trickle, authorizerApp, setupTimeout,
                sdpLimits);
    }

    /** A copy with trickle ICE on or off. */
    public WhipConfig withTrickle(boolean on) {
        return new WhipConfig(pathPrefix, maxBodyBytes, maxSessions, iceServers, on, authorizerApp, setupTimeout,
                sdpLimits);
    }

    /** A copy with another setup timeout. */
    public WhipConfig withSetupTimeout(Duration timeout) {
        return new WhipConfig(pathPrefix, maxBodyBytes, maxSessions, iceServers, trickle, authorizerApp, timeout,
                sdpLimits);
    }
}
