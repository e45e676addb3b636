// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.IngestStats;
import dev.livepipe.media.PublisherSession;
import dev.livepipe.media.Track;
import io.vertx.core.json.JsonObject;

/** JSON views of a live broadcast and its ingest statistics for the admin API. */
final class IngestJson {

    private IngestJson() {
    }

    static JsonObject broadcast(Broadcast b) {
        JsonObject json = new JsonObject()
                .put("id", b.id())
                .put("state", b.state().name().toLowerCase())
                .put("startedAt", b.startedAt().toString())
                .put("reconnects", b.reconnects());
        PublisherSession session = b.session();
        if (session != null) {
            JsonObject ingest = ingest(session, b.stats().snapshot());
            var transport = b.transportStats();
            if (!transport.isEmpty()) {
                ingest.put("transport", new JsonObject(new java.util.LinkedHashMap<>(transport)));
            }
            json.put("ingest", ingest);
        }
        return json;
    }

    private static JsonObject ingest(PublisherSession session, IngestStats.Snapshot stats) {
        JsonObject json = new JsonObject()
                .put("protocol", session.publisher().protocol())
                .put("publisherAddress", session.publisher().remoteAddress())
                .put("software", session.publisher().software())
                .put("bitrateBps", stats.bitrateBps())
                .put("frameRate", stats.frameRate())
                .put("keyframeIntervalSeconds", stats.keyframeIntervalSeconds())
                .put("totalBytes", stats.totalBytes())
                .put("videoFrames", stats.videoFrames())
                .put("audioFrames", stats.audioFrames());
        session.video().ifPresent(v -> json.put("video", video(v)));
        session.audio().ifPresent(a -> json.put("audio", audio(a)));
        return json;
    }

    private static JsonObject video(Track t) {
        return new JsonObject()
                .put("codec", t.codec().name().toLowerCase())
                .put("codecString", t.codecString())
                .put("width", t.width())
                .put("height", t.height());
    }

    private static JsonObject audio(Track t) {
        return new JsonObject()
                .put("codec", t.codec().name().toLowerCase())
                .put("codecString", t.codecString())
                .put("sampleRate", t.sampleRate())
                .put("channels", t.channels());
    }
}
