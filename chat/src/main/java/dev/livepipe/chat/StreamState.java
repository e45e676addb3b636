// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import java.util.Objects;

/**
 * A stream's state as chat needs it: what {@code welcome.stream.status} says and which
 * broadcast reaction tallies and messages belong to.
 *
 * @param status      {@code live}, {@code reconnecting}, {@code ended} or {@code offline}
 * @param broadcastId the current (or last) broadcast's id as a UUID string, or {@code null}
 */
public record StreamState(String status, String broadcastId) {

    /** No broadcast yet. */
    public static final StreamState OFFLINE = new StreamState("offline", null);

    public StreamState {
        Objects.requireNonNull(status, "status");
    }
}
