// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.api;

import dev.livepipe.storage.recordings.RecordingInfo;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The JSON shape of a recording in the admin API. */
final class RecordingJson {

    private RecordingJson() {
    }

    static JsonObject of(RecordingInfo r) {
        return new JsonObject()
                .put("id", r.id().toString())
                .put("streamId", r.streamId())
                .put("broadcastId", r.broadcastId() == null ? null : r.broadcastId().toString())
                .put("status", r.status().dbValue())
                .put("bytes", r.bytes())
                .put("durationSeconds", r.durationMillis() / 1000.0)
                .put("codecs", r.codecs())
                .put("startedAt", text(r.startedAt()))
                .put("endedAt", text(r.endedAt()))
                .put("expiresAt", text(r.expiresAt()))
                .put("expiresAtOverridden", r.expiresAtOverridden())
                .put("legalHold", r.legalHold())
                .put("deletedAt", text(r.deletedAt()));
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }
}
