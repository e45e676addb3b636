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
}
