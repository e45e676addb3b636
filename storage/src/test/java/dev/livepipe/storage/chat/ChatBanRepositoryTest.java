// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class ChatBanRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");

    private ChatBanRepository bans;
    private StreamRepository streams;
    private String streamId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        bans = new ChatBanRepository(dsl);
        streams = new StreamRepository(dsl, Clock.fixed(T0, ZoneOffset.UTC));
        streamId = streams.create("bans").stream().id();
    }

    @Test
    void bansAreByUserIdPerStreamAndCanBeLifted() {
        assertThat(bans.isBanned(streamId, "guest:troll")).isFalse();
        assertThat(bans.ban(streamId, "guest:troll", "Troll", null, "user:mod", T0)).isTrue();
        assertThat(bans.ban(streamId, "guest:troll", "Other Name", null, "admin", T0.plusSeconds(5))).isFalse();
        assertThat(bans.isBanned(streamId, "guest:troll")).isTrue();
        assertThat(bans.get(streamId, "guest:troll")).contains(
                new ChatBan(streamId, "guest:troll", "Troll", null, "user:mod", T0));
        String other = streams.create("other").stream().id();
        assertThat(bans.isBanned(other, "guest:troll")).isFalse();
        assertThat(bans.list(streamId)).extracting(ChatBan::userId).containsExactly("guest:troll");

        assertThat(bans.unban(streamId, "guest:troll")).isTrue();
        assertThat(bans.unban(streamId, "guest:troll")).isFalse();
        assertThat(bans.isBanned(streamId, "guest:troll")).isFalse();
    }

    @Test
    void banRowsOutliveTheStream() {
        bans.ban(streamId, "guest:x", "X", null, "user:mod", T0);
        assertThat(streams.delete(streamId)).isTrue();
        assertThat(bans.list(streamId)).isEmpty();
        assertThat(bans.isBanned(streamId, "guest:x")).isFalse();
    }
}
