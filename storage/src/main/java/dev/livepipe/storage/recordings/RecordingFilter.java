// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import java.time.Instant;
import java.util.UUID;

/**
 * Which recordings {@link RecordingRepository#list} returns; {@code null} criteria match
 * everything. Immutable; build with {@link #all()} and the {@code with…} methods.
 *
 * @param streamId      only this stream's recordings
 * @param broadcastId   only this broadcast's recordings
 * @param status        only recordings in this status
 * @param expiresBefore only recordings whose {@code expiresAt} is at or before this instant
 * @param limit         at most this many, 1..{@value #MAX_LIMIT}
 */
public record RecordingFilter(String streamId, UUID broadcastId, RecordingStatus status, Instant expiresBefore,
        int limit) {

    /** Default number of rows. */
    public static final int DEFAULT_LIMIT = 100;
    /** Largest number of rows one call returns. */
    public static final int MAX_LIMIT = 10_000;

    public RecordingFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Every recording, at most {@value #DEFAULT_LIMIT}. */
    public static RecordingFilter all() {
        return new RecordingFilter(null, null, null, null, DEFAULT_LIMIT);
    }

    public RecordingFilter withStream(String id) {
        return new RecordingFilter(id, broadcastId, status, expiresBefore, limit);
    }

    public RecordingFilter withBroadcast(UUID id) {
        return new RecordingFilter(streamId, id, status, expiresBefore, limit);
    }

    public RecordingFilter withStatus(RecordingStatus value) {
        return new RecordingFilter(streamId, broadcastId, value, expiresBefore, limit);
    }

    public RecordingFilter withExpiresBefore(Instant instant) {
        return new RecordingFilter(streamId, broadcastId, status, instant, limit);
    }

    public RecordingFilter withLimit(int value) {
        return new RecordingFilter(streamId, broadcastId, status, expiresBefore, value);
    }
}
