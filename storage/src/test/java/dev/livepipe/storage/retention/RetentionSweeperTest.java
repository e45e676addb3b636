// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.audit.AuditEvent;
import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.recordings.RecordingFilter;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectInfo;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(IsolatedStorageExtension.class)
class RetentionSweeperTest {

    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private IsolatedStorage storage;
    private MutableClock clock;
    private RecordingRepository recordings;
    private AuditLog audit;
    private String streamId;
    private String prefix;

    @BeforeEach
    void setUp(IsolatedStorage storage) {
        storage.reset();
        this.storage = storage;
        clock = new MutableClock(T0);
        recordings = new RecordingRepository(storage.dsl(), clock);
        audit = new AuditLog(storage.dsl(), clock);
        streamId = new StreamRepository(storage.dsl(), clock).create("swept").stream().id();
        prefix = "sweep/" + UUID.randomUUID() + "/";
    }

    @Test
    void deletesExpiredObjectsThenRowsWithAnAuditEventAndKeepsTheRest() {
        UUID expired = recording(T0.minus(RETENTION).minusSeconds(1), false);
        UUID exactlyDue = recording(T0.minus(RETENTION), false);
        UUID notYet = recording(T0.minus(RETENTION).plusSeconds(1), false);
        UUID held = recording(T0.minus(RETENTION).minusSeconds(1), true);
        UUID live = UUID.randomUUID();
        recordings.create(live, streamId, null, prefix + live, T0.minus(Duration.ofDays(90)));
        storage.objects().put(prefix + live, new byte[] {1}, null);

        SweepResult result = sweeper(storage.dsl(), clock).sweep();

        assertThat(result.deleted()).isEqualTo(2);
        assertThat(result.bytes()).isEqualTo(2 * 3);
        assertThat(result.batches()).isEqualTo(1);
        assertThat(result.now()).isEqualTo(T0);
        assertThat(keys()).containsExactlyInAnyOrder(prefix + notYet, prefix + held, prefix + live);
        for (UUID id : List.of(expired, exactlyDue)) {
            RecordingInfo row = recordings.get(id).orElseThrow();
            assertThat(row.status()).isEqualTo(RecordingStatus.DELETED);
            assertThat(row.deletedAt()).isEqualTo(T0);
            List<AuditEvent> events = audit.listFor(RetentionSweeper.TARGET_TYPE, id.toString(), 10);
            assertThat(events).singleElement().satisfies(event -> {
                assertThat(event.actor()).isEqualTo("retention-sweeper");
                assertThat(event.action()).isEqualTo("recording.deleted");
                assertThat(event.at()).isEqualTo(T0);
                assertThat(event.detail()).contains("\"objectKey\": \"" + prefix + id + "\"", "\"bytes\": 3",
                        "\"expiresAt\": \"" + row.expiresAt() + "\"");
            });
        }
        assertThat(recordings.get(notYet).orElseThrow().status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(recordings.get(held).orElseThrow().status()).isEqualTo(RecordingStatus.COMPLETE);
        assertThat(recordings.get(live).orElseThrow().status()).isEqualTo(RecordingStatus.RECORDING);

        SweepResult again = sweeper(storage.dsl(), clock).sweep();
        assertThat(again.deleted()).isZero();
        assertThat(again.batches()).isZero();

        recordings.patch(held, Optional.empty(), Optional.of(false));
        assertThat(sweeper(storage.dsl(), clock).sweep().deleted()).isEqualTo(1);
        assertThat(keys()).containsExactlyInAnyOrder(prefix + notYet, prefix + live);
    }

    @Test
    void previewListsExactlyWhatTheSweepThenDeletes() {
        for (int i = 0; i < 30; i++) {
            recording(T0.minus(RETENTION).plus(Duration.ofHours(i - 15)), i % 7 == 0);
        }
        Instant until = T0.plus(Duration.ofHours(3));
        PreviewResult preview = new RetentionPreview(storage.dsl()).until(until, 1000);
        assertThat(preview.count()).isEqualTo(preview.recordings().size()).isPositive();
        assertThat(preview.bytes()).isEqualTo(3L * preview.count());
        assertThat(preview.recordings()).extracting(RecordingInfo::expiresAt).isSorted();
        assertThat(new RetentionPreview(storage.dsl()).until(until, 2).recordings()).hasSize(2);

        clock.set(until);
        sweeper(storage.dsl(), clock).sweep();

        Set<UUID> deleted = storage.dsl().select(AUDIT_EVENTS.TARGET_ID).from(AUDIT_EVENTS).fetch(AUDIT_EVENTS.TARGET_ID)
                .stream().map(UUID::fromString).collect(Collectors.toSet());
        assertThat(deleted).isEqualTo(preview.recordings().stream().map(RecordingInfo::id).collect(Collectors.toSet()));
        assertThat(new RetentionPreview(storage.dsl()).until(until, 10).count()).isZero();
    }

    @Test
    void aCrashBetweenObjectAndRowDeletionIsCompletedByTheNextSweep() {
        List<UUID> ids = List.of(recording(T0.minus(Duration.ofDays(31)), false),
                recording(T0.minus(Duration.ofDays(32)), false));
        RetentionSweeper crashing = new RetentionSweeper(storage.dsl(), storage.objects(), audit, clock,
                new SweeperConfig(Duration.ofSeconds(60), 500), claimed -> {
                    throw new IllegalStateException("simulated crash after deleting " + claimed);
                });

        assertThatThrownBy(crashing::sweep).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated");

        assertThat(keys()).isEmpty();
        for (UUID id : ids) {
            assertThat(recordings.get(id).orElseThrow().status()).isEqualTo(RecordingStatus.COMPLETE);
        }
        assertThat(new RetentionPreview(storage.dsl()).until(T0, 10).count()).isEqualTo(2);
        assertThat(storage.dsl().fetchCount(AUDIT_EVENTS)).isZero();

        SweepResult completed = sweeper(storage.dsl(), clock).sweep();

        assertThat(completed.deleted()).isEqualTo(2);
        for (UUID id : ids) {
            assertThat(recordings.get(id).orElseThrow().status()).isEqualTo(RecordingStatus.DELETED);
            assertThat(audit.listFor(RetentionSweeper.TARGET_TYPE, id.toString(), 10)).hasSize(1);
        }
    }

    @Test
    void twoSweepersOnTwoPoolsNeverDoubleDeleteAndSkipNothing() throws Exception {
        int count = 1200;
        List<UUID> ids = RecordingSeeder.expired(storage.dsl(), storage.objects(), streamId, prefix, count,
                T0.minusSeconds(1), 3);
        RetentionSweeper first = sweeper(storage.dsl(), clock, 50);
        RetentionSweeper second = sweeper(storage.secondNode(), clock, 50);
        CountDownLatch start = new CountDownLatch(1);

        List<SweepResult> results;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<SweepResult> a = pool.submit(() -> {
                start.await();
                return first.sweep();
            });
            Future<SweepResult> b = pool.submit(() -> {
                start.await();
                return second.sweep();
            });
            start.countDown();
            results = List.of(a.get(), b.get());
        }

        assertThat(results.get(0).deleted() + results.get(1).deleted()).isEqualTo(count);
        assertThat(keys()).isEmpty();
        Map<String, Integer> perRecording = storage.dsl()
                .select(AUDIT_EVENTS.TARGET_ID, DSL.count()).from(AUDIT_EVENTS)
                .groupBy(AUDIT_EVENTS.TARGET_ID)
                .fetchMap(AUDIT_EVENTS.TARGET_ID, DSL.count());
        assertThat(perRecording).hasSize(count);
        assertThat(perRecording.values()).containsOnly(1);
        assertThat(perRecording.keySet()).isEqualTo(ids.stream().map(UUID::toString).collect(Collectors.toSet()));
        assertThat(recordings.list(new RecordingFilter(streamId, null,
                RecordingStatus.DELETED, null, 10_000))).hasSize(count);
        System.out.printf("concurrent sweepers: %d + %d recordings%n", results.get(0).deleted(),
                results.get(1).deleted());
    }

    private RetentionSweeper sweeper(DSLContext dsl, Clock sweeperClock) {
        return sweeper(dsl, sweeperClock, SweeperConfig.DEFAULT_BATCH_SIZE);
    }

    private RetentionSweeper sweeper(DSLContext dsl, Clock sweeperClock, int batchSize) {
        return new RetentionSweeper(dsl, storage.objects(), new AuditLog(dsl, sweeperClock), sweeperClock,
                new SweeperConfig(Duration.ofSeconds(60), batchSize));
    }

    /** An ended recording (default policy: 30 days) with a 3-byte object. */
    private UUID recording(Instant endedAt, boolean held) {
        UUID id = UUID.randomUUID();
        recordings.create(id, streamId, null, prefix + id, endedAt.minusSeconds(60));
        recordings.finish(id, RecordingStatus.COMPLETE, endedAt, 3, 60_000);
        if (held) {
            recordings.patch(id, Optional.empty(), Optional.of(true));
        }
        storage.objects().put(prefix + id, new byte[] {1, 2, 3}, null);
        return id;
    }

    private List<String> keys() {
        return storage.objects().list(prefix).stream().map(ObjectInfo::key).toList();
    }
}
