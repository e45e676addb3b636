// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.broadcasts;

/**
 * Where a broadcast is in its life, stored as the lowercase {@link #dbValue()}.
 */
public enum BroadcastStatus {
    /** A publisher is connected and sending. */
    LIVE("live"),
    /** The publisher dropped; the grace window for a reconnect is open. */
    RECONNECTING("reconnecting"),
    /** Over; no more media will arrive. */
    ENDED("ended");

    private final String dbValue;

    BroadcastStatus(String dbValue) {
        this.dbValue = dbValue;
    }

    /** The value in column {@code broadcasts.status}. */
    public String dbValue() {
        return dbValue;
    }

    /** The status stored as {@code value}. */
    public static BroadcastStatus fromDb(String value) {
        for (BroadcastStatus status : values()) {
            if (status.dbValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown broadcast status " + value);
    }
}
