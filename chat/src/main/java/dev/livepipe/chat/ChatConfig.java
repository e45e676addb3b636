// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.time.Duration;
import java.util.Map;

/**
 * Limits and timings of the chat protocol; {@link #defaults()} are the values in
 * {@code docs/chat-protocol.md}. Immutable.
 *
 * @param maxTextLength             characters per message after trimming (code points)
 * @param maxFrameBytes             bytes per incoming text message; larger closes the socket
 * @param messagesPerInterval       chat messages a connection may send per interval
 * @param interval                  the rate-limit window
 * @param reactionsPerSecond        reactions per connection per second; more are dropped
 * @param maxConnectionsPerAddress  sockets per remote address on this node (all streams)
 * @param historySize               messages in {@code chat.history} on a fresh join
 * @param maxMissed                 messages in {@code chat.history} on a reconnect
 * @param refusalsBeforeClose       refused requests per {@code refusalWindow} tolerated; one
 *                                  more closes the socket as abusive
 * @param refusalWindow             window of {@code refusalsBeforeClose}
 * @param burstInterval             reaction aggregation window
 * @param viewersInterval           least time between two {@code viewers.update}
 * @param reactionFlushInterval     how often reaction tallies are added to PostgreSQL
 * @param pingInterval              how often the server sends each socket a WebSocket ping
 * @param pingTimeout               a socket the server heard nothing from (no frame, no pong)
 *                                  for this long is closed (4408); longer than {@code pingInterval}
 */
public record ChatConfig(int maxTextLength, int maxFrameBytes, int messagesPerInterval, Duration interval,
        int reactionsPerSecond, int maxConnectionsPerAddress, int historySize, int maxMissed,
        int refusalsBeforeClose, Duration refusalWindow, Duration burstInterval, Duration viewersInterval,
        Duration reactionFlushInterval, Duration pingInterval, Duration pingTimeout) {

    /** Environment variable for {@link #maxConnectionsPerAddress}. */
    public static final String MAX_CONNECTIONS_ENV = "LIVEPIPE_CHAT_MAX_CONNECTIONS_PER_ADDRESS";

    public ChatConfig {
        positive(maxTextLength, "maxTextLength");
        positive(maxFrameBytes, "maxFrameBytes");
        positive(messagesPerInterval, "messagesPerInterval");
        positive(reactionsPerSecond, "reactionsPerSecond");
        positive(maxConnectionsPerAddress, "maxConnectionsPerAddress");
        positive(historySize, "historySize");
        positive(maxMissed, "maxMissed");
        positive(refusalsBeforeClose, "refusalsBeforeClose");
        for (Duration d : new Duration[] {interval, refusalWindow, burstInterval, viewersInterval,
                reactionFlushInterval, pingInterval, pingTimeout}) {
            if (d == null || d.toMillis() < 1) {
                throw new IllegalArgumentException("durations must be at least 1 ms");
            }
        }
        if (pingTimeout.compareTo(pingInterval) <= 0) {
            throw new IllegalArgumentException("pingTimeout must be longer than pingInterval");
        }
        if (maxTextLength > 2000) {
            throw new IllegalArgumentException("maxTextLength is at most 2000 (the column's size)");
        }
    }

    /** The documented defaults. */
    public static ChatConfig defaults() {
        return new ChatConfig(500, 4096, 5, Duration.ofSeconds(10), 20, 20, 50, 500, 50, Duration.ofSeconds(10),
                Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(75));
    }

    /**
     * The defaults with {@link #MAX_CONNECTIONS_ENV} applied when set.
     *
     * @throws IllegalArgumentException when the variable is not a positive integer
     */
    public static ChatConfig fromEnvironment(Map<String, String> env) {
        String value = env.get(MAX_CONNECTIONS_ENV);
        if (value == null || value.isBlank()) {
            return defaults();
        }
        try {
            return defaults().withMaxConnectionsPerAddress(Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_CONNECTIONS_ENV + " must be a positive integer", e);
        }
    }

    public ChatConfig withMaxConnectionsPerAddress(int value) {
        return new ChatConfig(maxTextLength, maxFrameBytes, messagesPerInterval, interval, reactionsPerSecond, value,
                historySize, maxMissed, refusalsBeforeClose, refusalWindow, burstInterval, viewersInterval,
                reactionFlushInterval, pingInterval, pingTimeout);
    }

    public ChatConfig withReactionFlushInterval(Duration value) {
        return new ChatConfig(maxTextLength, maxFrameBytes, messagesPerInterval, interval, reactionsPerSecond,
                maxConnectionsPerAddress, historySize, maxMissed, refusalsBeforeClose, refusalWindow, burstInterval,
                viewersInterval, value, pingInterval, pingTimeout);
    }

    public ChatConfig withPing(Duration interval, Duration timeout) {
        return new ChatConfig(maxTextLength, maxFrameBytes, messagesPerInterval, this.interval, reactionsPerSecond,
                maxConnectionsPerAddress, historySize, maxMissed, refusalsBeforeClose, refusalWindow, burstInterval,
                viewersInterval, reactionFlushInterval, interval, timeout);
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
