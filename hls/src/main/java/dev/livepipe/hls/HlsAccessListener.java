// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.hls;

/**
 * Hears which viewer session fetched what, for viewer analytics. A viewer session is the
 * {@code vs} query parameter (see {@link ViewerSessionIds}) that the multivariant playlist hands
 * each player and that follows into media playlist and segment URIs.
 *
 * <p>Only successful GET requests that carry a valid session id are reported: a playlist when
 * it is served (multivariant or media), a media segment when its bytes are served. Init segments,
 * HEAD requests and 404s are not reported.
 *
 * <p>Threading: called on the event loop that serves the request, right before the response is
 * written; implementations must be cheap and non-blocking and must not throw (exceptions are
 * logged and ignored). Several event loops may call at the same time.
 */
public interface HlsAccessListener {

    /** Reports nothing. */
    HlsAccessListener NONE = new HlsAccessListener() {
    };

    /**
     * A playlist was served to {@code session}.
     *
     * @param streamId    the stream in the URL
     * @param broadcastId the broadcast whose playlist was served
     * @param session     the viewer session id (already validated)
     */
    default void onPlaylist(String streamId, String broadcastId, String session) {
    }

    /**
     * A media segment was served to {@code session}.
     *
     * @param sequence       the segment's media sequence number (unique per broadcast)
     * @param durationMicros the segment's media duration
     */
    default void onSegment(String streamId, String broadcastId, String session, long sequence, long durationMicros) {
    }
}
