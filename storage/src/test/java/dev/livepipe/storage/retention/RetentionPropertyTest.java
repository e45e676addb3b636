// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import static dev.livepipe.storage.jooq.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.audit.AuditLog;
import dev.livepipe.storage.recordings.RecordingFilter;
import dev.livepipe.storage.recordings.RecordingInfo;
import dev.livepipe.storage.recordings.RecordingRepository;
import dev.livepipe.storage.recordings.RecordingStatus;
import dev.livepipe.storage.s3.ObjectInfo;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Random runs over policies, assignments, default changes, holds, overrides, stream
 * deletions and clocks, checked against an independent model of the retention rules: after
 * every sweep at time T, exactly the ended, not held recordings whose modelled expiry is at or
 * before T are deleted (object gone, row marked, one audit event), and nothing else changed.
 * Reproduce a failure with {@code -Dretention.seed=<seed>} (the seed is in the message).
 */
@ExtendWith(IsolatedStorageExtension.class)
class RetentionPropertyTest {

    private static final Instant T0 = Instant.parse("2026-08-01T00:00:00Z");
    private static final int ROUNDS = 4;
    private static final int RECORDINGS = 150;

    /** What the test believes about one recording. */
    private static final class Expected {
        final UUID id;
        String streamId;
        final Instant endedAt;
        final boolean overridden;
        final boolean held;
        Instant expiresAt;
        boolean deleted;

        Expected(UUID id, String streamId, Instant endedAt, boolean overridden, boolean held, Instant expiresAt) {
            this.id = id;
            this.streamId = streamId;
            this.endedAt = endedAt;
            this.overridden = overridden;
            this.held = held;
            this.expiresAt = expiresAt;
        }
    }

    @Test
    void sweepsDeleteExactlyWhatHasExpiredAndIsNotHeld(IsolatedStorage storage) {
        long seed = Long.getLong("retention.seed", System.nanoTime());
        System.out.println("retention property seed " + seed);
        for (int round = 0; round < ROUNDS; round++) {
            long roundSeed = seed + round * 0x9E3779B97F4A7C15L;
            try {
                run(storage, new Random(roundSeed));
            } catch (Throwable e) {
                throw new AssertionError("retention property failed with seed " + roundSeed
                        + " (rerun with -Dretention.seed=" + roundSeed + ")", e);
            }
        }
    }

    private void run(IsolatedStorage storage, Random random) {
        storage.reset();
        MutableClock clock = new MutableClock(T0);
        Duration grace = random.nextBoolean() ? Duration.ZERO : Duration.ofMinutes(1 + random.nextInt(48 * 60));
        RetentionPolicyRepository policies = new RetentionPolicyRepository(storage.dsl(), clock, grace);
        RecordingRepository recordings = new RecordingRepository(storage.dsl(), clock);
        StreamRepository streams = new StreamRepository(storage.dsl(), clock);
        String prefix = "prop/" + UUID.randomUUID() + "/";

        Map<Long, Duration> retention = new HashMap<>();
        retention.put(IsolatedStorage.SEEDED_DEFAULT, Duration.ofDays(30));
        int policyCount = 1 + random.nextInt(4);
        for (int i = 0; i < policyCount; i++) {
            RetentionPolicy policy = policies.create("p" + i, randomRetention(random), null);
            retention.put(policy.id(), policy.retention());
        }
        List<Long> policyIds = new ArrayList<>(retention.keySet());
        long[] defaultId = {IsolatedStorage.SEEDED_DEFAULT};
        if (random.nextBoolean()) {
            defaultId[0] = pick(random, policyIds);
            policies.setDefault(defaultId[0]);
        }
        Map<String, Long> assigned = new HashMap<>();
        List<String> streamIds = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(6); i < n; i++) {
            String id = streams.create("s" + i).stream().id();
            streamIds.add(id);
            Long policy = random.nextInt(3) == 0 ? null : pick(random, policyIds);
            policies.assign(id, policy);
            assigned.put(id, policy);
        }
        Function<String, Duration> effective = streamId -> {
            Long policy = streamId == null ? null : assigned.get(streamId);
            return retention.get(policy == null ? defaultId[0] : policy);
        };

        List<Expected> model = new ArrayList<>();
        for (int i = 0; i < RECORDINGS; i++) {
            UUID id = UUID.randomUUID();
            String streamId = pick(random, streamIds);
            Instant startedAt = T0.plusSeconds(random.nextInt(20 * 86_400));
            recordings.create(id, streamId, null, prefix + id, startedAt);
            storage.objects().put(prefix + id, new byte[] {(byte) i}, null);
            Instant override = random.nextInt(7) == 0 ? T0.plusSeconds(random.nextInt(70 * 86_400) - 10 * 86_400) : null;
            boolean held = random.nextInt(7) == 0;
            if (override != null || held) {
                recordings.patch(id, Optional.ofNullable(override), held ? Optional.of(true) : Optional.empty());
            }
            Instant endedAt = null;
            if (random.nextInt(10) != 0) {
                endedAt = startedAt.plusSeconds(1 + random.nextInt(7200));
                RecordingStatus status = List.of(RecordingStatus.COMPLETE, RecordingStatus.INTERRUPTED,
                        RecordingStatus.FAILED).get(random.nextInt(3));
                recordings.finish(id, status, endedAt, 1, 1000);
            }
            Instant expiresAt = override != null ? override
                    : endedAt == null ? null : endedAt.plus(effective.apply(streamId));
            model.add(new Expected(id, streamId, endedAt, override != null, held, expiresAt));
        }

        Instant now = T0.plus(Duration.ofDays(10));
        for (int step = 0; step < 4; step++) {
            now = now.plusSeconds(random.nextInt(15 * 86_400));
            clock.set(now);
            for (int change = random.nextInt(3); change > 0; change--) {
                applyRandomChange(random, policies, streams, policyIds, streamIds, assigned, retention, defaultId,
                        model, effective, now, grace);
            }
            now = now.plusSeconds(random.nextInt(5 * 86_400));
            clock.set(now);
            RetentionSweeper sweeper = new RetentionSweeper(storage.dsl(), storage.objects(),
                    new AuditLog(storage.dsl(), clock), clock, new SweeperConfig(Duration.ofSeconds(60),
                            1 + random.nextInt(200)));
            sweeper.sweep();
            for (Expected e : model) {
                if (!e.deleted && e.endedAt != null && !e.held && !e.expiresAt.isAfter(now)) {
                    e.deleted = true;
                }
            }
            verify(storage, recordings, prefix, model);
        }
        System.out.printf("round: grace %s, %d deleted, %d held, %d overridden, %d still recording%n", grace,
                model.stream().filter(e -> e.deleted).count(), model.stream().filter(e -> e.held).count(),
                model.stream().filter(e -> e.overridden).count(), model.stream().filter(e -> e.endedAt == null).count());
    }

    private static void applyRandomChange(Random random, RetentionPolicyRepository policies,
            StreamRepository streams, List<Long> policyIds, List<String> streamIds, Map<String, Long> assigned,
            Map<Long, Duration> retention, long[] defaultId, List<Expected> model,
            Function<String, Duration> effective, Instant now, Duration grace) {
        Predicate<Expected> scope;
        switch (random.nextInt(4)) {
            case 0 -> {
                long id = pick(random, policyIds);
                Duration value = randomRetention(random);
                policies.update(id, policies.get(id).orElseThrow().name(), value, null);
                if (value.equals(retention.put(id, value))) {
                    return; // unchanged retention: nothing is recomputed
                }
                scope = e -> effectivePolicy(e.streamId, assigned, defaultId[0]) == id;
            }
            case 1 -> {
                String streamId = pick(random, streamIds);
                Long policy = random.nextInt(3) == 0 ? null : pick(random, policyIds);
                policies.assign(streamId, policy);
                assigned.put(streamId, policy);
                scope = e -> streamId.equals(e.streamId);
            }
            case 2 -> {
                long id = pick(random, policyIds);
                policies.setDefault(id);
                if (id == defaultId[0]) {
                    return; // already the default: nothing is recomputed
                }
                defaultId[0] = id;
                scope = e -> e.streamId == null || assigned.get(e.streamId) == null;
            }
            default -> {
                if (streamIds.size() < 2) {
                    return;
                }
                String streamId = streamIds.remove(random.nextInt(streamIds.size()));
                streams.delete(streamId);
                assigned.remove(streamId);
                model.stream().filter(e -> streamId.equals(e.streamId)).forEach(e -> e.streamId = null);
                return; // deleting a stream does not recompute: the expiry stays as it was
            }
        }
        for (Expected e : model) {
            if (e.deleted || e.endedAt == null || e.overridden || !scope.test(e)) {
                continue;
            }
            Instant computed = e.endedAt.plus(effective.apply(e.streamId));
            Instant floor = min(e.expiresAt, now.plus(grace));
            e.expiresAt = computed.isAfter(floor) ? computed : floor;
        }
    }

    private static long effectivePolicy(String streamId, Map<String, Long> assigned, long defaultId) {
        Long policy = streamId == null ? null : assigned.get(streamId);
        return policy == null ? defaultId : policy;
    }

    private static void verify(IsolatedStorage storage, RecordingRepository recordings, String prefix,
            List<Expected> model) {
        Map<UUID, RecordingInfo> rows = recordings.list(RecordingFilter.all().withLimit(RecordingFilter.MAX_LIMIT))
                .stream().collect(Collectors.toMap(RecordingInfo::id, r -> r));
        Set<String> keys = storage.objects().list(prefix).stream().map(ObjectInfo::key).collect(Collectors.toSet());
        Map<String, Integer> audits = storage.dsl().select(AUDIT_EVENTS.TARGET_ID, DSL.count()).from(AUDIT_EVENTS)
                .groupBy(AUDIT_EVENTS.TARGET_ID).fetchMap(AUDIT_EVENTS.TARGET_ID, DSL.count());
        for (Expected e : model) {
            RecordingInfo row = rows.get(e.id);
            String what = "recording " + e.id + " (ended " + e.endedAt + ", held " + e.held + ", overridden "
                    + e.overridden + ", expected expiry " + e.expiresAt + ")";
            assertThat(row.expiresAt()).as(what).isEqualTo(e.expiresAt);
            assertThat(row.status() == RecordingStatus.DELETED).as(what + " deleted").isEqualTo(e.deleted);
            assertThat(keys.contains(prefix + e.id)).as(what + " object present").isEqualTo(!e.deleted);
            assertThat(audits.getOrDefault(e.id.toString(), 0)).as(what + " audit events").isEqualTo(e.deleted ? 1 : 0);
            if (e.deleted) {
                assertThat(row.deletedAt()).as(what).isAfterOrEqualTo(e.expiresAt);
            }
            assertThat(row.legalHold()).as(what).isEqualTo(e.held);
        }
    }

    private static Duration randomRetention(Random random) {
        return Duration.ofSeconds(60 + random.nextInt(60 * 86_400));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
