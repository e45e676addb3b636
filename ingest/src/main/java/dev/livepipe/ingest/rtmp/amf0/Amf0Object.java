// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 anonymous object (section 2.5): the command object of {@code connect}, the info
 * object of {@code onStatus}.
 *
 * @param properties the properties in wire order (copied; immutable)
 */
public record Amf0Object(Map<String, Object> properties) implements Amf0Properties {

    public Amf0Object {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Builds an object from alternating keys and values: {@code of("level", "status", ...)}. */
    public static Amf0Object of(Object... keyValues) {
        return new Amf0Object(Amf0Maps.pairs(keyValues));
    }
}
