// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import dev.livepipe.ingest.rtmp.amf0.Amf0Constant;
import dev.livepipe.ingest.rtmp.amf0.Amf0Object;
import dev.livepipe.ingest.rtmp.message.CommandAmf0;
import java.util.List;

/**
 * The replies of the NetConnection and NetStream command protocol (Adobe RTMP specification 1.0,
 * sections 7.2.1.1, 7.2.1.3 and 7.2.2.6): {@code _result}, {@code _error}, {@code onStatus} and
 * {@code onFCPublish} with their info objects. Stateless.
 */
final class StatusReplies {

    private StatusReplies() {
    }

    /** {@code _result} of {@code connect}: NetConnection.Connect.Success. */
    static CommandAmf0 connectSuccess(double txn, double objectEncoding, List<String> fourCcList) {
        Amf0Object properties = fourCcList.isEmpty()
                ? Amf0Object.of("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0)
                : Amf0Object.of("fmsVer", "FMS/3,0,1,123", "capabilities", 31.0,
                        "fourCcList", List.copyOf(fourCcList));
        Amf0Object info = Amf0Object.of("level", "status", "code", "NetConnection.Connect.Success",
                "description", "Connection succeeded.", "objectEncoding", objectEncoding);
        return CommandAmf0.of(0, "_result", txn, properties, info);
    }

    /** {@code _result} with one value (createStream's stream id, or undefined). */
    static CommandAmf0 result(double txn, Object value) {
        return CommandAmf0.of(0, "_result", txn, Amf0Constant.NULL, value);
    }

    /** {@code _error} for a NetConnection command. */
    static CommandAmf0 error(double txn, String code, String description) {
        return CommandAmf0.of(0, "_error", txn, Amf0Constant.NULL,
                Amf0Object.of("level", "error", "code", code, "description", description));
    }

    /** {@code onStatus} on a message stream. */
    static CommandAmf0 onStatus(int streamId, String level, String code, String description) {
        return CommandAmf0.of(streamId, "onStatus", 0, Amf0Constant.NULL,
                Amf0Object.of("level", level, "code", code, "description", description));
    }

    /** {@code onFCPublish} (the Flash Media Server extension OBS and FFmpeg send FCPublish for). */
    static CommandAmf0 onFcPublish() {
        return CommandAmf0.of(0, "onFCPublish", 0, Amf0Constant.NULL,
                Amf0Object.of("code", "NetStream.Publish.Start", "description", "FCPublish"));
    }
}
