// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.settings;

import static dev.livepipe.storage.jooq.Tables.SETTINGS;

import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Instance-wide key/value settings (for example the admin token hash) in PostgreSQL.
 * Keys are 1..200 characters; values are text of any length. Store secrets only hashed.
 *
 * <p><b>Blocking:</b> every method runs JDBC on the calling thread; use worker or virtual
 * threads. Thread-safe; {@link #put} is an atomic upsert.
 */
public final class SettingsRepository {

    private final DSLContext dsl;

    public SettingsRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    /** The value stored under {@code key}. */
    public Optional<String> get(String key) {
        return dsl.select(SETTINGS.VALUE).from(SETTINGS).where(SETTINGS.KEY.eq(checkKey(key))).fetchOptional(SETTINGS.VALUE);
    }

    /** Stores {@code value} under {@code key}, replacing any previous value. */
    public void put(String key, String value) {
        Objects.requireNonNull(value, "value");
        dsl.insertInto(SETTINGS)
                .set(SETTINGS.KEY, checkKey(key))
                .set(SETTINGS.VALUE, value)
                .onConflict(SETTINGS.KEY)
                .doUpdate()
                .set(SETTINGS.VALUE, value)
                .execute();
    }

    /**
     * Stores {@code value} under {@code key} unless the key already has a value.
     *
     * @return whether this call stored it
     */
    public boolean putIfAbsent(String key, String value) {
        Objects.requireNonNull(value, "value");
        return dsl.insertInto(SETTINGS)
                .set(SETTINGS.KEY, checkKey(key))
                .set(SETTINGS.VALUE, value)
                .onConflictDoNothing()
                .execute() == 1;
    }

    /**
     * Removes a setting.
     *
     * @return whether it existed
     */
    public boolean delete(String key) {
        return dsl.deleteFrom(SETTINGS).where(SETTINGS.KEY.eq(checkKey(key))).execute() == 1;
    }

    private static String checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 200) {
            throw new IllegalArgumentException("setting key must be 1..200 characters");
        }
        return key;
    }
}
