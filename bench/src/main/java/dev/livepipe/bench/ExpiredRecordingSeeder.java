// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.recordings.RecordingObjects;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;

/**
 * Creates many complete, already expired recordings the way the recorder leaves them: a row per
 * recording (multi-row inserts) and both of its objects, the MP4 at
 * {@link RecordingObjects#media} and its fragment index at {@link RecordingObjects#index}
 * (parallel PUTs). A port of the storage module's test seeder that writes both objects, so the
 * sweeper deletes as many objects as it does in production.
 */
final class ExpiredRecordingSeeder {

    private ExpiredRecordingSeeder() {
    }

    /**
     * Inserts {@code count} recordings of {@code streamId} that expired at {@code expiredAt}, each
     * with a {@code mediaBytes}-byte MP4 object and a small JSON index object.
     *
     * @return their ids
     */
    static List<UUID> seed(DSLContext dsl, ObjectStore objects, String streamId, int count, Instant expiredAt,
                           int mediaBytes) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        var at = Timestamps.toDb(expiredAt);
        for (int from = 0; from < count; from += 1000) {
            var insert = dsl.insertInto(RECORDINGS, RECORDINGS.ID, RECORDINGS.STREAM_ID, RECORDINGS.OBJECT_KEY,
                    RECORDINGS.STATUS, RECORDINGS.BYTES, RECORDINGS.DURATION_MILLIS, RECORDINGS.STARTED_AT,
                    RECORDINGS.ENDED_AT, RECORDINGS.EXPIRES_AT, RECORDINGS.UPDATED_AT);
            for (UUID id : ids.subList(from, Math.min(count, from + 1000))) {
                insert = insert.values(id, streamId, RecordingObjects.media(streamId, id),
                        RecordingStatus.COMPLETE.dbValue(), (long) mediaBytes, 2000L, at, at, at, at);
            }
            insert.execute();
        }
        byte[] media = new byte[mediaBytes];
        byte[] index = "{\"fragments\":[{\"offset\":0,\"size\":1024,\"durationMillis\":2000}]}"
                .getBytes(StandardCharsets.UTF_8);
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> puts = new ArrayList<>();
            for (UUID id : ids) {
                String key = RecordingObjects.media(streamId, id);
                puts.add(pool.submit(() -> objects.put(key, media, "video/mp4")));
                puts.add(pool.submit(() -> objects.put(RecordingObjects.index(key), index, "application/json")));
            }
            for (Future<String> put : puts) {
                put.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot store objects", e);
        }
        return ids;
    }
}
