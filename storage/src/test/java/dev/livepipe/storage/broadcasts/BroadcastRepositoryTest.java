// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.broadcasts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.db.SharedDatabase;
import dev.livepipe.storage.streams.StreamRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class BroadcastRepositoryTest {

    private static final PublisherInfo OBS = new PublisherInfo("rtmp", "127.0.0.1:50000", "FMLE/3.0 (compatible; obs)");
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private BroadcastRepository broadcasts;
    private StreamRepository streams;
    private String streamId;

    @BeforeEach
    void setUp(DSLContext dsl) {
        broadcasts = new BroadcastRepository(dsl);
        streams = new StreamRepository(dsl, Clock.systemUTC());
        streamId = streams.create("broadcasts").stream().id();
    }

    @Test
    void startReconnectAndEndRoundTrip() {
        UUID id = UUID.randomUUID();

        BroadcastInfo started = broadcasts.start(id, streamId, T0, OBS);
        assertThat(started).isEqualTo(new BroadcastInfo(id, streamId, T0, null, BroadcastStatus.LIVE, 0, OBS, null));

        assertThat(broadcasts.updateStatus(id, BroadcastStatus.RECONNECTING)).isTrue();
        assertThat(broadcasts.get(id)).map(BroadcastInfo::status).contains(BroadcastStatus.RECONNECTING);

        PublisherInfo whip = new PublisherInfo("whip", "[::1]:6000", null);
        assertThat(broadcasts.recordReconnect(id, whip)).isTrue();
        assertThat(broadcasts.updateIngestStats(id, "{\"bitrate\": 2500000, \"fps\": 30}")).isTrue();

        BroadcastInfo reconnected = broadcasts.get(id).orElseThrow();
        assertThat(reconnected.status()).isEqualTo(BroadcastStatus.LIVE);
        assertThat(reconnected.reconnects()).isEqualTo(1);
        assertThat(reconnected.publisher()).isEqualTo(whip);
        assertThat(reconnected.lastIngestStats()).contains("\"bitrate\": 2500000");

        Instant endedAt = T0.plusSeconds(3600);
        assertThat(broadcasts.end(id, endedAt)).isTrue();
        assertThat(broadcasts.end(id, endedAt.plusSeconds(1))).isFalse();
        assertThat(broadcasts.updateStatus(id, BroadcastStatus.LIVE)).isFalse();
        assertThat(broadcasts.get(id).orElseThrow())
                .extracting(BroadcastInfo::status, BroadcastInfo::endedAt)
                .containsExactly(BroadcastStatus.ENDED, endedAt);
    }

    @Test
    void latestForReturnsTheNewestBroadcastOfTheStream() {
        UUID older = UUID.randomUUID();
        UUID newer = UUID.randomUUID();
        broadcasts.start(older, streamId, T0, OBS);
        broadcasts.end(older, T0.plusSeconds(60));
        broadcasts.start(newer, streamId, T0.plusSeconds(120), null);

        assertThat(broadcasts.latestFor(streamId)).map(BroadcastInfo::id).contains(newer);
        assertThat(broadcasts.latestFor(streamId)).map(BroadcastInfo::publisher).contains(PublisherInfo.UNKNOWN);
        assertThat(broadcasts.listFor(streamId, 10)).extracting(BroadcastInfo::id).containsExactly(newer, older);
        assertThat(broadcasts.latestFor("AAAAAAAAAAAA")).isEmpty();
    }

    @Test
    void endDanglingEndsEverythingNotEnded() {
        UUID live = UUID.randomUUID();
        UUID reconnecting = UUID.randomUUID();
        UUID ended = UUID.randomUUID();
        broadcasts.start(live, streamId, T0, OBS);
        broadcasts.start(reconnecting, streamId, T0, OBS);
        broadcasts.updateStatus(reconnecting, BroadcastStatus.RECONNECTING);
        broadcasts.start(ended, streamId, T0, OBS);
        broadcasts.end(ended, T0.plusSeconds(5));

        Instant now = T0.plusSeconds(99);
        assertThat(broadcasts.endDangling(now)).isGreaterThanOrEqualTo(2);

        assertThat(broadcasts.get(live).orElseThrow().endedAt()).isEqualTo(now);
        assertThat(broadcasts.get(reconnecting).orElseThrow().status()).isEqualTo(BroadcastStatus.ENDED);
        assertThat(broadcasts.get(ended).orElseThrow().endedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void constraintsHold() {
        UUID id = UUID.randomUUID();
        broadcasts.start(id, streamId, T0, OBS);

        assertThatThrownBy(() -> broadcasts.start(id, streamId, T0, OBS)).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> broadcasts.start(UUID.randomUUID(), "AAAAAAAAAAAA", T0, OBS))
                .isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> broadcasts.updateIngestStats(id, "not json")).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> broadcasts.updateStatus(id, BroadcastStatus.ENDED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deletingTheStreamDeletesItsBroadcasts() {
        UUID id = UUID.randomUUID();
        broadcasts.start(id, streamId, T0, OBS);

        streams.delete(streamId);

        assertThat(broadcasts.get(id)).isEmpty();
    }
}
