// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livepipe.storage.db.SharedDatabase;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedDatabase.class)
class SettingsRepositoryTest {

    @Test
    void putGetReplaceAndDelete(DSLContext dsl) {
        SettingsRepository settings = new SettingsRepository(dsl);
        String key = "test." + UUID.randomUUID();

        assertThat(settings.get(key)).isEmpty();
        settings.put(key, "one");
        assertThat(settings.get(key)).contains("one");
        settings.put(key, "two");
        assertThat(settings.get(key)).contains("two");
        assertThat(settings.putIfAbsent(key, "three")).isFalse();
        assertThat(settings.get(key)).contains("two");
        assertThat(settings.delete(key)).isTrue();
        assertThat(settings.delete(key)).isFalse();
        assertThat(settings.putIfAbsent(key, "four")).isTrue();
        assertThat(settings.get(key)).contains("four");
    }

    @Test
    void valuesMayBeLong(DSLContext dsl) {
        SettingsRepository settings = new SettingsRepository(dsl);
        String key = "test.long." + UUID.randomUUID();
        String value = "v".repeat(100_000);

        settings.put(key, value);

        assertThat(settings.get(key)).contains(value);
        assertThatThrownBy(() -> settings.put("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
