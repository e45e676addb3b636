// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An AMF0 ECMA (associative) array (section 2.10), as {@code onMetaData} carries it. The count
 * on the wire is only a hint and is not kept.
 *
 * @param properties the properties in wire order (copied; immutable)
 */
public record Amf0EcmaArray(Map<String, Object> properties) implements Amf0Properties {

    public Amf0EcmaArray {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** Builds an array from alternating keys and values. */
    public static Amf0EcmaArray of(Object... keyValues) {
        return new Amf0EcmaArray(Amf0Maps.pairs(keyValues));
    }
}
