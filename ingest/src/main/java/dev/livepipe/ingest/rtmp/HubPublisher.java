// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import dev.livepipe.ingest.rtmp.publish.RtmpToStream;
import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.Publication;
import dev.livepipe.media.PublisherInfo;
import dev.livepipe.media.Track;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds one RTMP connection's {@link Publication}: publishes the declared tracks into the hub,
 * writes access units, and publishes again (ending the current publication first) when the
 * codec configuration changes, which the hub treats as a reconnect with a discontinuity.
 *
 * <p>Threading: used on the connection's event loop. The revocation callback runs on the
 * revoking thread; the connection hops back to its own context.
 */
final class HubPublisher implements RtmpToStream.Output {

    private final Broadcasts broadcasts;
    private final String streamId;
    private final PublisherInfo info;
    private final Supplier<String> software;
    private final Consumer<Publication> onRevoked;
    private Publication publication;
    private boolean closed;

    /**
     * @param broadcasts the hub registry
     * @param streamId   the stream the authorizer resolved
     * @param info       protocol and remote address
     * @param software   the encoder name from onMetaData, read at each publish
     * @param onRevoked  called (on any thread) when a publication is revoked by the hub
     */
    HubPublisher(Broadcasts broadcasts, String streamId, PublisherInfo info,
                 Supplier<String> software, Consumer<Publication> onRevoked) {
        this.broadcasts = broadcasts;
        this.streamId = streamId;
        this.info = info;
        this.software = software;
        this.onRevoked = onRevoked;
    }

    @Override
    public void publish(List<Track> tracks) {
        if (closed) {
            return;
        }
        if (publication != null) {
            Publication old = publication;
            publication = null;
            old.close();
        }
        Publication p = broadcasts.publish(streamId, tracks, info.withSoftware(software.get()));
        publication = p;
        p.onRevoked(() -> onRevoked.accept(p));
    }

    @Override
    public void write(AccessUnit unit) {
        Publication p = publication;
        if (p != null) {
            p.write(unit);
        }
    }

    /** The current publication, or null before the tracks were declared. */
    Publication current() {
        return publication;
    }

    /** Ends the publication (the hub's grace window starts); later calls do nothing. */
    void close() {
        closed = true;
        if (publication != null) {
            Publication p = publication;
            publication = null;
            p.close();
        }
    }
}
