// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.broadcasts.BroadcastRepository;
import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ReactionTallyRepositoryTest {

    private static final Instant MINUTE = Instant.parse("2026-04-01T10:07:00Z");

    private ReactionTallyRepository tallies;
    private String streamId;
    private UUID broadcastId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        tallies = new ReactionTallyRepository(dsl);
        streamId = new StreamRepository(dsl, Clock.fixed(MINUTE, ZoneOffset.UTC)).create("r").stream().id();
        broadcastId = UUID.randomUUID();
        new BroadcastRepository(dsl).start(broadcastId, streamId, MINUTE, null);
    }

    @Test
    void addsUpPerMinuteAndType() {
        tallies.add(streamId, broadcastId, MINUTE.plusSeconds(5), Map.of("heart", 3L, "fire", 1L, "sad", 0L));
        tallies.add(streamId, broadcastId, MINUTE.plusSeconds(59), Map.of("heart", 4L));
        tallies.add(streamId, broadcastId, MINUTE.plusSeconds(60), Map.of("heart", 2L));
        tallies.add(streamId, broadcastId, MINUTE, Map.of());

        assertThat(tallies.forBroadcast(broadcastId)).containsExactly(
                new ReactionTally(streamId, broadcastId, MINUTE, "fire", 1),
                new ReactionTally(streamId, broadcastId, MINUTE, "heart", 7),
                new ReactionTally(streamId, broadcastId, MINUTE.plusSeconds(60), "heart", 2));
        assertThat(tallies.forBroadcast(UUID.randomUUID())).isEmpty();
    }
}
