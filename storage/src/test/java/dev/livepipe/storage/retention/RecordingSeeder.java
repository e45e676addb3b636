// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.RECORDINGS;

import dev.livepipe.storage.db.Timestamps;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;

/**
 * Creates many ended recordings fast: rows by multi-row inserts, objects by parallel PUTs.
 * For sweeper tests and the sweeper benchmark.
 */
public final class RecordingSeeder {

    private RecordingSeeder() {
    }

    /**
     * Inserts {@code count} complete recordings of {@code streamId} that expired at
     * {@code expiredAt}, each with a {@code size}-byte object under {@code prefix}.
     *
     * @return their ids
     */
    public static List<UUID> expired(DSLContext dsl, ObjectStore objects, String streamId, String prefix, int count,
            Instant expiredAt, int size) {
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID());
        }
        var at = Timestamps.toDb(expiredAt);
        for (int from = 0; from < count; from += 1000) {
            var insert = dsl.insertInto(RECORDINGS, RECORDINGS.ID, RECORDINGS.STREAM_ID, RECORDINGS.OBJECT_KEY,
                    RECORDINGS.STATUS, RECORDINGS.BYTES, RECORDINGS.STARTED_AT, RECORDINGS.ENDED_AT,
                    RECORDINGS.EXPIRES_AT, RECORDINGS.UPDATED_AT);
            for (UUID id : ids.subList(from, Math.min(count, from + 1000))) {
                insert = insert.values(id, streamId, prefix + id, RecordingStatus.COMPLETE.dbValue(), (long) size,
                        at, at, at, at);
            }
            insert.execute();
        }
        byte[] content = new byte[size];
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> puts = new ArrayList<>();
            for (UUID id : ids) {
                puts.add(pool.submit(() -> objects.put(prefix + id, content, null)));
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
