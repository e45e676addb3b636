// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import java.util.Map;
import java.util.Optional;

/**
 * An AMF0 value made of named properties: an anonymous object or an ECMA array. The map keeps
 * the wire order and is immutable; values are decoded AMF0 values (never Java null).
 */
public sealed interface Amf0Properties permits Amf0Object, Amf0EcmaArray {

    /** The properties in wire order. */
    Map<String, Object> properties();

    /** A property's raw value. */
    default Optional<Object> get(String key) {
        return Optional.ofNullable(properties().get(key));
    }

    /** A string property, if present and a string. */
    default Optional<String> string(String key) {
        return properties().get(key) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** A number property, if present and a number. */
    default Optional<Double> number(String key) {
        return properties().get(key) instanceof Double d ? Optional.of(d) : Optional.empty();
    }

    /** A boolean property, if present and a boolean. */
    default Optional<Boolean> bool(String key) {
        return properties().get(key) instanceof Boolean b ? Optional.of(b) : Optional.empty();
    }
}
