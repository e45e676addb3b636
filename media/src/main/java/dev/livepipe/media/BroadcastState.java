// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/** Where a broadcast is in its life. */
public enum BroadcastState {
    /** A publisher is connected and sending. */
    LIVE,
    /** The publisher went away; waiting for a reconnect within the grace window. */
    RECONNECTING,
    /** Over; no publisher can continue it. */
    ENDED
}
