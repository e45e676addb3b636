// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.db.SharedDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class StreamRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.123456789Z");

    private StreamRepository streams;

    @BeforeEach
    void setUp(DSLContext dsl) {
        streams = new StreamRepository(dsl, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void createdStreamIsFoundByIdAndByKey() {
        CreatedStream created = streams.create("  My show  ");
        StreamInfo stream = created.stream();

        assertThat(stream.title()).isEqualTo("My show");
        assertThat(stream.id()).hasSize(12);
        assertThat(stream.createdAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        assertThat(stream.updatedAt()).isEqualTo(stream.createdAt());
        assertThat(stream.keyRotatedAt()).isEqualTo(stream.createdAt());
        assertThat(streams.get(stream.id())).contains(stream);
        assertThat(streams.findByKey(created.key().reveal())).contains(stream);
        assertThat(streams.list()).contains(stream);
    }

    @Test
    void getAllReturnsExactlyTheKnownRequestedStreams() {
        StreamInfo a = streams.create("a").stream();
        StreamInfo b = streams.create("b").stream();
        streams.create("c");

        assertThat(streams.getAll(java.util.List.of(a.id(), b.id(), "nosuchstream"))).containsExactlyInAnyOrder(a, b);
        assertThat(streams.getAll(java.util.List.of())).isEmpty();
    }

    @Test
    void wrongOrImplausibleKeysFindNothing() {
        streams.create("x");

        assertThat(streams.findByKey(StreamKeys.generate().reveal())).isEmpty();
        assertThat(streams.findByKey("")).isEmpty();
        assertThat(streams.findByKey(null)).isEmpty();
        assertThat(streams.findByKey("k".repeat(100_000))).isEmpty();
        assertThat(streams.get("nope")).isEmpty();
    }

    @Test
    void rotatingTheKeyRetiresTheOldOne() {
        CreatedStream created = streams.create("rotate me");

        StreamKey rotated = streams.rotateKey(created.stream().id()).orElseThrow();

        assertThat(rotated.reveal()).isNotEqualTo(created.key().reveal());
        assertThat(streams.findByKey(created.key().reveal())).isEmpty();
        assertThat(streams.findByKey(rotated.reveal())).map(StreamInfo::id).contains(created.stream().id());
        assertThat(streams.rotateKey("AAAAAAAAAAAA")).isEmpty();
    }

    @Test
    void titleCanBeChangedWithinLimits() {
        String id = streams.create("old").stream().id();

        assertThat(streams.updateTitle(id, "new")).map(StreamInfo::title).contains("new");
        assertThat(streams.get(id)).map(StreamInfo::title).contains("new");
        assertThat(streams.updateTitle("AAAAAAAAAAAA", "new")).isEmpty();
        assertThat(streams.updateTitle(id, "é".repeat(200))).isPresent();
        assertThatThrownBy(() -> streams.updateTitle(id, "é".repeat(201))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> streams.create(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteRemovesTheStream() {
        CreatedStream created = streams.create("gone soon");

        assertThat(streams.delete(created.stream().id())).isTrue();
        assertThat(streams.delete(created.stream().id())).isFalse();
        assertThat(streams.get(created.stream().id())).isEmpty();
        assertThat(streams.findByKey(created.key().reveal())).isEmpty();
    }
}
