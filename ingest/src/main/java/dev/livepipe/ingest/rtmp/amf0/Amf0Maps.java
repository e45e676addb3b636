// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds property maps from alternating keys and values. */
final class Amf0Maps {

    private Amf0Maps() {
    }

    static Map<String, Object> pairs(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            map.put((String) keyValues[i], value == null ? Amf0Constant.NULL : value);
        }
        return map;
    }
}
