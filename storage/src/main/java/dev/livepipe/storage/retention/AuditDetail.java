// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.retention;

import dev.livepipe.storage.recordings.RecordingInfo;

/** Builds the JSON detail of a {@code recording.deleted} audit event. Stateless. */
final class AuditDetail {

    private AuditDetail() {
    }

    /** {@code {"objectKey":…,"streamId":…,"expiresAt":…,"bytes":…}}. */
    static String ofDeleted(RecordingInfo recording) {
        StringBuilder json = new StringBuilder(128).append("{\"objectKey\":");
        quote(json, recording.objectKey());
        json.append(",\"streamId\":");
        quote(json, recording.streamId());
        json.append(",\"expiresAt\":");
        quote(json, recording.expiresAt() == null ? null : recording.expiresAt().toString());
        return json.append(",\"bytes\":").append(recording.bytes()).append('}').toString();
    }

    private static void quote(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
