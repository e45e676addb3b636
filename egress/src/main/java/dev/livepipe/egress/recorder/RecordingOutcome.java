// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

/** How a recording ended, as the recorder reports it to its {@link RecordingStore}. */
public enum RecordingOutcome {
    /** The broadcast ended and the whole recording is verifiably in S3. */
    COMPLETE,
    /** The server died mid-broadcast; what was spooled up to the last complete fragment is in S3. */
    INTERRUPTED,
    /** Nothing usable was recorded (no media, or no spool survived). */
    FAILED
}
