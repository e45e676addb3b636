// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.RETENTION_POLICIES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(IsolatedStorageExtension.class)
class RetentionPolicyRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration GRACE = Duration.ofHours(24);

    private IsolatedStorage storage;
    private MutableClock clock;
    private RetentionPolicyRepository policies;
    private RecordingRepository recordings;
    private StreamRepository streams;

    @BeforeEach
    void setUp(IsolatedStorage storage) {
        storage.reset();
        this.storage = storage;
        clock = new MutableClock(T0);
        policies = new RetentionPolicyRepository(storage.dsl(), clock, GRACE);
        recordings = new RecordingRepository(storage.dsl(), clock);
        streams = new StreamRepository(storage.dsl(), clock);
    }

    @Test
    void createListUpdateDeleteRoundTrip() {
        RetentionPolicy seeded = policies.getDefault();
        assertThat(seeded.name()).isEqualTo("Default");
        assertThat(seeded.retention()).isEqualTo(Duration.ofDays(30));

        RetentionPolicy week = policies.create("  Week ", Duration.ofDays(7), "short-lived");
        assertThat(week).isEqualTo(new RetentionPolicy(week.id(), "Week", Duration.ofDays(7), "short-lived", false,
                T0, T0));
        RetentionPolicy archive = policies.create("Archive", Duration.ofDays(3650), null);
        assertThat(archive.description()).isEmpty();
        assertThat(policies.list()).extracting(RetentionPolicy::name).containsExactly("Default", "Archive", "Week");
        assertThat(policies.get(week.id())).contains(week);

        clock.set(T0.plusSeconds(5));
        RetentionPolicy renamed = policies.update(week.id(), "Fortnight", Duration.ofDays(14), "two weeks")
                .orElseThrow();
        assertThat(renamed.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(renamed.createdAt()).isEqualTo(T0);
        assertThat(policies.update(9_999_999, "x", Duration.ofDays(1), null)).isEmpty();

        assertThat(policies.delete(week.id())).isTrue();
        assertThat(policies.delete(week.id())).isFalse();
        assertThat(policies.get(week.id())).isEmpty();
    }

    @Test
    void rejectsConflictsAndBadValues() {
        RetentionPolicy week = policies.create("Week", Duration.ofDays(7), null);
        assertThatThrownBy(() -> policies.create("Week", Duration.ofDays(1), null))
                .isInstanceOf(RetentionPolicyConflictException.class);
        assertThatThrownBy(() -> policies.update(week.id(), "Default", Duration.ofDays(1), null))
                .isInstanceOf(RetentionPolicyConflictException.class);
        assertThatThrownBy(() -> policies.create(" ", Duration.ofDays(1), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policies.create("x", Duration.ZERO, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policies.create("x", Duration.ofMillis(1500), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policies.create("x", Duration.ofDays(36_501), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policies.create("x", Duration.ofDays(1), "d".repeat(1001)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> policies.delete(IsolatedStorage.SEEDED_DEFAULT))
                .isInstanceOf(RetentionPolicyConflictException.class).hasMessageContaining("default");
        String streamId = streams.create("s").stream().id();
        policies.assign(streamId, week.id());
        assertThatThrownBy(() -> policies.delete(week.id()))
                .isInstanceOf(RetentionPolicyConflictException.class).hasMessageContaining("1 stream");
        assertThatThrownBy(() -> policies.assign(streamId, 9_999_999L)).isInstanceOf(IllegalArgumentException.class);
        assertThat(policies.assign("nosuchstream", week.id())).isEmpty();
    }

    @Test
    void exactlyOneDefaultAlways() throws Exception {
        List<RetentionPolicy> created = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            created.add(policies.create("p" + i, Duration.ofDays(i + 1), null));
        }
        RetentionPolicy chosen = policies.setDefault(created.get(2).id()).orElseThrow();
        assertThat(chosen.isDefault()).isTrue();
        assertThat(policies.getDefault().id()).isEqualTo(chosen.id());
        assertThat(policies.setDefault(chosen.id())).contains(policies.getDefault());
        assertThat(policies.setDefault(9_999_999)).isEmpty();
        assertThat(policies.list().getFirst().id()).isEqualTo(chosen.id());

        // Many concurrent changes of the default from two pools still leave exactly one.
        RetentionPolicyRepository other = new RetentionPolicyRepository(storage.secondNode(), clock, GRACE);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Optional<RetentionPolicy>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RetentionPolicyRepository repository = i % 2 == 0 ? policies : other;
                long id = created.get(i % created.size()).id();
                results.add(pool.submit((Callable<Optional<RetentionPolicy>>) () -> repository.setDefault(id)));
            }
            for (Future<Optional<RetentionPolicy>> result : results) {
                assertThat(result.get()).isPresent();
            }
        }
        assertThat(storage.dsl().fetchCount(RETENTION_POLICIES, RETENTION_POLICIES.IS_DEFAULT.isTrue())).isEqualTo(1);

        // The database itself refuses a second default (the seeded policy is not the default now).
        assertThat(policies.getDefault().id()).isNotEqualTo(IsolatedStorage.SEEDED_DEFAULT);
        assertThatThrownBy(() -> storage.dsl().update(RETENTION_POLICIES).set(RETENTION_POLICIES.IS_DEFAULT, true)
                .where(RETENTION_POLICIES.ID.eq(IsolatedStorage.SEEDED_DEFAULT)).execute())
                .isInstanceOf(DataAccessException.class);
        assertThat(storage.dsl().fetchCount(RETENTION_POLICIES, RETENTION_POLICIES.IS_DEFAULT.isTrue())).isEqualTo(1);
    }

    @Test
    void updateRecomputesLengtheningExactlyAndShorteningAfterTheGrace() {
        RetentionPolicy policy = policies.create("Month", Duration.ofDays(30), null);
        String streamId = streams.create("s").stream().id();
        policies.assign(streamId, policy.id());
        Instant old = T0.minus(Duration.ofDays(20));
        UUID oldRecording = ended(streamId, old);
        UUID recent = ended(streamId, T0.minus(Duration.ofDays(1)));
        UUID overridden = ended(streamId, old);
        recordings.patch(overridden, Optional.of(T0.plus(Duration.ofDays(400))), Optional.empty());
        UUID held = ended(streamId, old);
        recordings.patch(held, Optional.empty(), Optional.of(true));
        UUID otherStream = ended(streams.create("other").stream().id(), old);
        UUID stillRecording = UUID.randomUUID();
        recordings.create(stillRecording, streamId, null, "k/" + stillRecording, T0);

        policies.update(policy.id(), "Month", Duration.ofDays(60), null);
        assertThat(expiry(oldRecording)).isEqualTo(old.plus(Duration.ofDays(60)));
        assertThat(expiry(recent)).isEqualTo(T0.plus(Duration.ofDays(59)));
        assertThat(expiry(overridden)).isEqualTo(T0.plus(Duration.ofDays(400)));
        assertThat(expiry(held)).isEqualTo(old.plus(Duration.ofDays(60)));
        assertThat(expiry(otherStream)).isEqualTo(old.plus(Duration.ofDays(30)));
        assertThat(expiry(stillRecording)).isNull();

        clock.set(T0.plusSeconds(10));
        policies.update(policy.id(), "Month", Duration.ofDays(7), null);
        // Ended 20 days ago: 7 days would be in the past; it waits out the grace.
        assertThat(expiry(oldRecording)).isEqualTo(T0.plusSeconds(10).plus(GRACE));
        // Ended a day ago: 7 days is beyond the grace, so it applies as computed.
        assertThat(expiry(recent)).isEqualTo(T0.plus(Duration.ofDays(6)));
        assertThat(expiry(overridden)).isEqualTo(T0.plus(Duration.ofDays(400)));

        RetentionPreview preview = new RetentionPreview(storage.dsl());
        assertThat(preview.until(T0.plus(Duration.ofHours(23)), 10).recordings()).isEmpty();
        assertThat(preview.until(T0.plus(Duration.ofHours(25)), 10).recordings()).extracting(RecordingInfo::id)
                .containsExactly(oldRecording);
    }

    @Test
    void assignmentAndDefaultChangesRecomputeTheAffectedStreams() {
        RetentionPolicy week = policies.create("Week", Duration.ofDays(7), null);
        RetentionPolicy year = policies.create("Year", Duration.ofDays(365), null);
        String followsDefault = streams.create("default").stream().id();
        String assigned = streams.create("assigned").stream().id();
        String deleted = streams.create("deleted").stream().id();
        Instant endedAt = T0.minus(Duration.ofDays(2));
        UUID a = ended(followsDefault, endedAt);
        UUID b = ended(assigned, endedAt);
        UUID orphan = ended(deleted, endedAt);
        streams.delete(deleted);

        StreamPolicy moved = policies.assign(assigned, year.id()).orElseThrow();
        assertThat(moved).isEqualTo(new StreamPolicy(assigned, year.id(), policies.get(year.id()).orElseThrow()));
        assertThat(expiry(b)).isEqualTo(endedAt.plus(Duration.ofDays(365)));
        assertThat(policies.streamPolicy(followsDefault).orElseThrow().assignedPolicyId()).isNull();
        assertThat(policies.streamPolicy(followsDefault).orElseThrow().effective().name()).isEqualTo("Default");

        policies.setDefault(week.id());
        assertThat(expiry(a)).isEqualTo(endedAt.plus(Duration.ofDays(7)));
        assertThat(expiry(orphan)).isEqualTo(endedAt.plus(Duration.ofDays(7)));
        assertThat(expiry(b)).isEqualTo(endedAt.plus(Duration.ofDays(365)));

        policies.assign(assigned, null);
        assertThat(expiry(b)).isEqualTo(endedAt.plus(Duration.ofDays(7)));
        assertThat(policies.streamPolicy(assigned).orElseThrow().effective().id()).isEqualTo(week.id());

        // A recording finished after the change uses the new default.
        UUID later = ended(followsDefault, T0);
        assertThat(expiry(later)).isEqualTo(T0.plus(Duration.ofDays(7)));
    }

    private UUID ended(String streamId, Instant endedAt) {
        UUID id = UUID.randomUUID();
        recordings.create(id, streamId, null, "k/" + id, endedAt.minusSeconds(60));
        recordings.finish(id, RecordingStatus.COMPLETE, endedAt, 10, 60_000);
        return id;
    }

    private Instant expiry(UUID id) {
        return recordings.get(id).orElseThrow().expiresAt();
    }
}
