// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.recordings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class RecordingRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    /** Retention of the seeded default policy (other tests may change it, then restore it). */
    private static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private RecordingRepository recordings;
    private StreamRepository streams;
    private BroadcastRepository broadcasts;
    private String streamId;
    private UUID broadcastId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        recordings = new RecordingRepository(dsl, clock);
        streams = new StreamRepository(dsl, clock);
        broadcasts = new BroadcastRepository(dsl);
        streamId = streams.create("recordings").stream().id();
        broadcastId = UUID.randomUUID();
        broadcasts.start(broadcastId, streamId, T0, null);
    }

    @Test
    void createProgressFinishRoundTrip() {
        UUID id = UUID.randomUUID();

        RecordingInfo created = recordings.create(id, streamId, broadcastId, "recordings/" + id + ".mp4", T0);
        assertThat(created).isEqualTo(new RecordingInfo(id, streamId, broadcastId, "recordings/" + id + ".mp4",
                RecordingStatus.RECORDING, 0, 0, null, T0, null, null, false, false, null, null, null, T0));
        assertThat(recordings.unfinished()).extracting(RecordingInfo::id).contains(id);

        assertThat(recordings.updateProgress(id, 1000, 2000, "avc1.64001f,mp4a.40.2", "upload-1", "/spool/a")).isTrue();
        assertThat(recordings.updateProgress(id, 5000, 4000, null, null, null)).isTrue();
        RecordingInfo progressed = recordings.get(id).orElseThrow();
        assertThat(progressed.bytes()).isEqualTo(5000);
        assertThat(progressed.durationMillis()).isEqualTo(4000);
        assertThat(progressed.codecs()).isEqualTo("avc1.64001f,mp4a.40.2");
        assertThat(progressed.uploadId()).isEqualTo("upload-1");
        assertThat(progressed.spoolPath()).isEqualTo("/spool/a");

        Instant endedAt = T0.plusSeconds(600);
        RecordingInfo finished = recordings.finish(id, RecordingStatus.COMPLETE, endedAt, 9000, 600_000).orElseThrow();
        assertThat(finished.status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(finished.endedAt()).isEqualTo(endedAt);
        assertThat(finished.bytes()).isEqualTo(9000);
        assertThat(finished.expiresAt()).isEqualTo(endedAt.plus(DEFAULT_RETENTION));
        assertThat(recordings.unfinished()).extracting(RecordingInfo::id).doesNotContain(id);

        assertThat(recordings.updateProgress(id, 1, 1, null, null, null)).isFalse();
        assertThat(recordings.finish(id, RecordingStatus.FAILED, endedAt.plusSeconds(5), 1, 1)).contains(finished);
        assertThat(recordings.finish(UUID.randomUUID(), RecordingStatus.COMPLETE, endedAt, 0, 0)).isEmpty();
    }

    @Test
    void patchSetsOverrideAndHoldAndClearRestoresThePolicy() {
        UUID id = UUID.randomUUID();
        recordings.create(id, streamId, null, "k/" + id, T0);
        Instant manual = T0.plus(Duration.ofDays(2));

        RecordingInfo patched = recordings.patch(id, Optional.of(manual), Optional.of(true)).orElseThrow();
        assertThat(patched.expiresAt()).isEqualTo(manual);
        assertThat(patched.expiresAtOverridden()).isTrue();
        assertThat(patched.legalHold()).isTrue();

        RecordingInfo finished = recordings.finish(id, RecordingStatus.INTERRUPTED, T0.plusSeconds(60), 10, 10)
                .orElseThrow();
        assertThat(finished.expiresAt()).isEqualTo(manual);

        RecordingInfo released = recordings.patch(id, Optional.empty(), Optional.of(false)).orElseThrow();
        assertThat(released.legalHold()).isFalse();
        assertThat(released.expiresAt()).isEqualTo(manual);

        RecordingInfo cleared = recordings.clearExpiryOverride(id).orElseThrow();
        assertThat(cleared.expiresAtOverridden()).isFalse();
        assertThat(cleared.expiresAt()).isEqualTo(T0.plusSeconds(60).plus(DEFAULT_RETENTION));

        assertThat(recordings.markDeleted(id, T0.plusSeconds(90))).isTrue();
        assertThat(recordings.markDeleted(id, T0.plusSeconds(91))).isFalse();
        assertThat(recordings.get(id).orElseThrow())
                .extracting(RecordingInfo::status, RecordingInfo::deletedAt)
                .containsExactly(RecordingStatus.DELETED, T0.plusSeconds(90));
        assertThat(recordings.patch(id, Optional.empty(), Optional.of(true))).isEmpty();
        assertThat(recordings.clearExpiryOverride(id)).isEmpty();
    }

    @Test
    void listFiltersByStreamBroadcastStatusAndExpiry() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        recordings.create(a, streamId, broadcastId, "k/a", T0);
        recordings.create(b, streamId, broadcastId, "k/b", T0.plusSeconds(10));
        recordings.create(c, streamId, null, "k/c", T0.plusSeconds(20));
        recordings.finish(a, RecordingStatus.COMPLETE, T0.plusSeconds(5), 1, 1);
        recordings.patch(b, Optional.of(T0.plusSeconds(100)), Optional.empty());
        recordings.finish(b, RecordingStatus.COMPLETE, T0.plusSeconds(15), 1, 1);

        RecordingFilter mine = RecordingFilter.all().withStream(streamId);
        assertThat(recordings.list(mine)).extracting(RecordingInfo::id).containsExactly(c, b, a);
        assertThat(recordings.list(mine.withBroadcast(broadcastId))).extracting(RecordingInfo::id).containsExactly(b, a);
        assertThat(recordings.list(mine.withStatus(RecordingStatus.RECORDING))).extracting(RecordingInfo::id)
                .containsExactly(c);
        assertThat(recordings.list(mine.withExpiresBefore(T0.plusSeconds(100)))).extracting(RecordingInfo::id)
                .containsExactly(b);
        assertThat(recordings.list(mine.withLimit(1))).extracting(RecordingInfo::id).containsExactly(c);
        assertThatThrownBy(() -> mine.withLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordingsOutliveTheirStream() {
        UUID id = UUID.randomUUID();
        recordings.create(id, streamId, broadcastId, "k/" + id, T0);
        recordings.finish(id, RecordingStatus.COMPLETE, T0.plusSeconds(1), 1, 1);

        assertThat(streams.delete(streamId)).isTrue();

        RecordingInfo orphan = recordings.get(id).orElseThrow();
        assertThat(orphan.streamId()).isNull();
        assertThat(orphan.broadcastId()).isNull();
        assertThat(orphan.expiresAt()).isEqualTo(T0.plusSeconds(1).plus(DEFAULT_RETENTION));
    }

    @Test
    void rejectsBadInput() {
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> recordings.create(id, "nosuchstream", null, "k", T0))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> recordings.create(id, streamId, null, "", T0))
                .isInstanceOf(IllegalArgumentException.class);
        recordings.create(id, streamId, null, "k", T0);
        assertThatThrownBy(() -> recordings.create(id, streamId, null, "k", T0))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> recordings.finish(id, RecordingStatus.DELETED, T0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recordings.updateProgress(id, -1, 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
