// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

import java.time.Duration;

/**
 * Settings of the broadcast registry.
 *
 * @param reconnectGrace how long a broadcast waits for its publisher to come back
 * @param readerCapacity access units a reader may hold back before it drops
 */
public record BroadcastsConfig(Duration reconnectGrace, int readerCapacity) {

    /** 30 s grace, 600 queued access units per reader (about 10 s of 30 fps video + audio). */
    public static BroadcastsConfig defaults() {
        return new BroadcastsConfig(Duration.ofSeconds(30), 600);
    }
}
