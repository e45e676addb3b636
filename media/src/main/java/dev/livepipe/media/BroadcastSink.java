// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * What a reader of a broadcast implements (the HLS muxer, the recorder, …).
 *
 * <p>Threading: all methods of one sink are called serially, never concurrently, on the
 * executor the sink was attached with, in the order the publisher produced the events.
 * They may block that executor (they never run on the publisher's thread).
 */
public interface BroadcastSink {

    /** A publisher (re)started: its tracks follow; called before any of its access units. */
    void onSession(PublisherSession session);

    /**
     * One access unit of the current session. After an overflow the reader skips to the next
     * video keyframe, so a sink always sees a decodable sequence.
     */
    void onAccessUnit(AccessUnit unit);

    /** The publisher went away; the broadcast waits for a reconnect within the grace window. */
    default void onPublisherLost() {
    }

    /** The broadcast ended; no more calls follow. */
    void onEnd();

    /**
     * Whether the reader may hold this sink's access units back and hand them over in batches
     * instead of one executor task per unit. A batch goes out at every resume point (a video
     * keyframe; every unit of an audio-only session), once {@link BroadcastReader#MAX_BATCH}
     * units wait, and ahead of every session, publisher-lost and end event, so the order of
     * events is unchanged. It suits a sink whose output only changes at keyframes (a segmenter
     * cuts there): each unit then costs no thread wake-up of its own. A cut that does not fall
     * on a keyframe (a size limit) may come up to {@code MAX_BATCH} units later. Read once, when
     * the reader is attached.
     */
    default boolean acceptsBatches() {
        return false;
    }
}
