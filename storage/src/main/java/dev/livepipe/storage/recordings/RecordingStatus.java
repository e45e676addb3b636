// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

/**
 * Life cycle of a recording: {@link #RECORDING} while media is written, then exactly one of
 * {@link #COMPLETE}, {@link #INTERRUPTED} or {@link #FAILED} when it ends, and finally
 * {@link #DELETED} once the retention sweeper removed its objects (the row stays as a
 * tombstone).
 */
public enum RecordingStatus {
    /** Media is being written; no expiry yet. */
    RECORDING("recording"),
    /** Ended normally; the object is whole. */
    COMPLETE("complete"),
    /** Ended by a crash or a lost publisher; the object holds what was saved. */
    INTERRUPTED("interrupted"),
    /** Could not be stored; the object may be missing or partial. */
    FAILED("failed"),
    /** Expired and swept: objects gone, row kept with {@code deletedAt}. */
    DELETED("deleted");

    private final String dbValue;

    RecordingStatus(String dbValue) {
        this.dbValue = dbValue;
    }

    /** The value stored in {@code recordings.status}. */
    public String dbValue() {
        return dbValue;
    }

    /** Whether this is a status a recording may be finished with. */
    public boolean isEnded() {
        return this == COMPLETE || this == INTERRUPTED || this == FAILED;
    }

    /** The status stored as {@code value}. */
    public static RecordingStatus fromDb(String value) {
        for (RecordingStatus status : values()) {
            if (status.dbValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown recording status " + value);
    }
}
