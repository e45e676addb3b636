// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.chat;

import io.vertx.core.json.JsonArray;

/** The reactions a client may send; the order is the index into counters. */
enum Reaction {
    HEART, LIKE, FIRE, CLAP, LAUGH, WOW, SAD, ANGRY;

    private static final Reaction[] ALL = values();
    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    /** The protocol's name, e.g. {@code heart}. */
    String wire() {
        return wire;
    }

    /** The reaction with this protocol name, or {@code null}. */
    static Reaction parse(String name) {
        if (name != null) {
            for (Reaction r : ALL) {
                if (r.wire.equals(name)) {
                    return r;
                }
            }
        }
        return null;
    }

    static Reaction at(int index) {
        return ALL[index];
    }

    static int count() {
        return ALL.length;
    }

    /** The names, for {@code welcome.reactions}. */
    static JsonArray names() {
        JsonArray names = new JsonArray();
        for (Reaction r : ALL) {
            names.add(r.wire);
        }
        return names;
    }
}
