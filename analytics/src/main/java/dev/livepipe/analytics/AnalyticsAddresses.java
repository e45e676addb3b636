// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.analytics;

/**
 * Event bus addresses analytics listens to and publishes on (see {@code docs/chat-protocol.md},
 * "Event bus addresses"). Bodies are JSON objects.
 */
public final class AnalyticsAddresses {

    private AnalyticsAddresses() {
    }

    /** Where analytics publishes {@code {"current": n, "peak": m}} for a stream, at most once a second. */
    public static String viewers(String streamId) {
        return "livepipe.viewers." + streamId;
    }

    /** Where the chat module publishes chat actions of a stream ({@code chat.message} is counted). */
    public static String chat(String streamId) {
        return "livepipe.chat." + streamId;
    }

    /** Where each node publishes {@code reaction.burst} of a stream (the counts are summed). */
    public static String reactions(String streamId) {
        return "livepipe.reactions." + streamId;
    }
}
