// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

/**
 * The event bus addresses of docs/chat-protocol.md ("Event bus addresses"). Bodies are JSON
 * objects shaped like the client messages they become.
 */
public final class ChatAddresses {

    private ChatAddresses() {
    }

    /** Chat actions after they are stored: {@code chat.message}, {@code chat.deleted}, … */
    public static String chat(String streamId) {
        return "livepipe.chat." + streamId;
    }

    /** Each node's {@code reaction.burst}, every burst interval while its clients reacted. */
    public static String reactions(String streamId) {
        return "livepipe.reactions." + streamId;
    }

    /** Viewer counts from analytics: {@code {current, peak}}, at most once a second. */
    public static String viewers(String streamId) {
        return "livepipe.viewers." + streamId;
    }

    /** Stream status: {@code {type: stream.status, status, broadcastId}}. */
    public static String streamStatus(String streamId) {
        return "livepipe.stream.status." + streamId;
    }
}
