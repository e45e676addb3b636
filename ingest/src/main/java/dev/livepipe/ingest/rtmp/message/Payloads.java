// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;

/** Length checks shared by the fixed-size control messages. */
final class Payloads {

    private Payloads() {
    }

    static void requireLength(RawMessage raw, int min, String what) {
        if (raw.payload().length() < min) {
            throw new RtmpProtocolException(what + " message of " + raw.payload().length()
                    + " bytes, need " + min);
        }
    }

    static Buffer u32(long value) {
        return Buffer.buffer(4).appendUnsignedInt(value);
    }

    static RawMessage control(int typeId, Buffer payload) {
        return new RawMessage(MessageType.CONTROL_CHUNK_STREAM, typeId, 0, 0, payload);
    }
}
