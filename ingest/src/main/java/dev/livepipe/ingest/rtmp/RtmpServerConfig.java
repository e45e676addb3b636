// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the RTMP ingest server.
 *
 * @param host             the address to listen on ({@code 0.0.0.0} for all)
 * @param port             the plain RTMP port, 0 for an ephemeral one
 * @param maxMessageSize   the longest RTMP message accepted, checked before allocating
 * @param maxChunkStreams  how many chunk stream ids one connection may use
 * @param handshakeTimeout how long the handshake may take before the connection is closed
 * @param idleTimeout      how long a connection may stay silent before it is closed
 * @param trackWait        how long after the first media message to wait for the other track's
 *                         sequence header before declaring the tracks that arrived
 * @param authorizeTimeout how long the {@link dev.livepipe.ingest.PublishAuthorizer} may take
 * @param outChunkSize     the chunk size this server announces and sends with
 * @param readLowWater     while a connection publishes and sits between two messages, its socket
 *                         wakes the event loop only once this many bytes wait, or after 250 ms
 *                         ({@code SO_RCVLOWAT}, Linux epoll and plain RTMP only; see
 *                         {@link ReadLowWater}); 1 turns it off
 * @param tls              RTMPS on a second port, if configured
 */
public record RtmpServerConfig(String host, int port, int maxMessageSize, int maxChunkStreams,
                               Duration handshakeTimeout, Duration idleTimeout, Duration trackWait,
                               Duration authorizeTimeout, int outChunkSize, int readLowWater,
                               Optional<Tls> tls) {

    /** 8 MiB: larger than any sane video frame. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 8 << 20;

    /**
     * RTMPS (RTMP over TLS) settings.
     *
     * @param certificatePath PEM certificate chain
     * @param keyPath         PEM private key (PKCS#8 or PKCS#1)
     * @param port            the RTMPS port, 0 for an ephemeral one
     */
    public record Tls(Path certificatePath, Path keyPath, int port) {
        public Tls {
            Objects.requireNonNull(certificatePath, "certificatePath");
            Objects.requireNonNull(keyPath, "keyPath");
        }
    }

    public RtmpServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        if (maxMessageSize < 1024 || maxMessageSize > 0xFFFFFF) {
            throw new IllegalArgumentException("maxMessageSize must be 1 KiB .. 16 MiB");
        }
        if (maxChunkStreams < 4) {
            throw new IllegalArgumentException("maxChunkStreams must be at least 4");
        }
        if (outChunkSize < 128 || outChunkSize > 0xFFFFFF) {
            throw new IllegalArgumentException("outChunkSize must be 128 .. 0xFFFFFF");
        }
        if (readLowWater < 1 || readLowWater > ReadLowWater.MAX_MARK) {
            throw new IllegalArgumentException("readLowWater must be 1 .. " + ReadLowWater.MAX_MARK + " bytes");
        }
    }

    /**
     * Port 1935 on all interfaces, 8 MiB messages, 64 chunk streams, 10 s handshake, 30 s idle,
     * 1 s track wait, 10 s authorization, 4096-byte chunks, a 1 KiB read low-water mark while
     * publishing, no TLS.
     */
    public static RtmpServerConfig defaults() {
        return new RtmpServerConfig("0.0.0.0", 1935, DEFAULT_MAX_MESSAGE_SIZE, 64,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(10), 4096, 1024, Optional.empty());
    }

    /** The same settings on another host and port. */
    public RtmpServerConfig withAddress(String newHost, int newPort) {
        return new RtmpServerConfig(newHost, newPort, maxMessageSize, maxChunkStreams,
                handshakeTimeout, idleTimeout, trackWait, authorizeTimeout, outChunkSize, readLowWater, tls);
    }

    /** The same settings with another read low-water mark (1: off). */
    public RtmpServerConfig withReadLowWater(int bytes) {
        return new RtmpServerConfig(host, port, maxMessageSize, maxChunkStreams, handshakeTimeout,
                idleTimeout, trackWait, authorizeTimeout, outChunkSize, bytes, tls);
    }

    /** The same settings with another message size limit. */
    public RtmpServerConfig withMaxMessageSize(int bytes) {
        return new RtmpServerConfig(host, port, bytes, maxChunkStreams, handshakeTimeout,
                idleTimeout, trackWait, authorizeTimeout, outChunkSize, readLowWater, tls);
    }

    /** The same settings with other handshake and idle timeouts. */
    public RtmpServerConfig withTimeouts(Duration handshake, Duration idle) {
        return new RtmpServerConfig(host, port, maxMessageSize, maxChunkStreams, handshake, idle,
                trackWait, authorizeTimeout, outChunkSize, readLowWater, tls);
    }

    /** The same settings with RTMPS on {@code tlsSettings.port()}. */
    public RtmpServerConfig withTls(Tls tlsSettings) {
        return new RtmpServerConfig(host, port, maxMessageSize, maxChunkStreams, handshakeTimeout,
                idleTimeout, trackWait, authorizeTimeout, outChunkSize, readLowWater, Optional.of(tlsSettings));
    }
}
