// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamKeysTest {

    @Test
    void generatedKeysAreLongUrlSafeAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String key = StreamKeys.generate().reveal();
            assertThat(key).hasSize(StreamKeys.KEY_LENGTH).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(key)).isTrue();
        }
    }

    @Test
    void hashIsLowercaseSha256Hex() {
        // FIPS 180-2 test vector for "abc".
        assertThat(StreamKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesComparesAgainstTheHash() {
        StreamKey key = StreamKeys.generate();
        String hash = StreamKeys.hash(key);

        assertThat(StreamKeys.matches(key.reveal(), hash)).isTrue();
        assertThat(StreamKeys.matches(key.reveal() + "x", hash)).isFalse();
        assertThat(StreamKeys.matches(null, hash)).isFalse();
        assertThat(StreamKeys.matches("x".repeat(10_000), hash)).isFalse();
    }

    @Test
    void keysNeverShowInToString() {
        StreamKey key = StreamKeys.generate();
        CreatedStream created = new CreatedStream(new StreamInfo("abc", "t", null, null, null), key);

        assertThat(key.toString()).doesNotContain(key.reveal());
        assertThat(created.toString()).doesNotContain(key.reveal());
        assertThat(key).isEqualTo(StreamKey.of(key.reveal())).isNotEqualTo(StreamKeys.generate());
    }

    @Test
    void streamIdsAreTwelveBase62Characters() {
        String id = StreamIds.generate();

        assertThat(id).hasSize(12).matches("[0-9A-Za-z]{12}");
        assertThat(StreamIds.isWellFormed(id)).isTrue();
        assertThat(StreamIds.isWellFormed("short")).isFalse();
        assertThat(StreamIds.isWellFormed("abc-def_ghij")).isFalse();
        assertThat(StreamIds.isWellFormed(null)).isFalse();
    }
}
