// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.edge;

import dev.livepipe.ingest.rtmp.message.RawMessage;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;

/** FLV audio and video tag bodies with real x264 parameter sets, for raw-client tests. */
final class FlvBodies {

    /** x264 Main@3.0 640x360 SPS and its PPS. */
    static final byte[] SPS_360 = HexFormat.of().parseHex("674d401eeca05017fcb80880000003008000001e078b16cb");
    /** x264 High@3.1 1280x720 SPS. */
    static final byte[] SPS_720 = HexFormat.of().parseHex("6764001facd9405005bb0110000003001000000303c0f1831960");
    static final byte[] PPS = HexFormat.of().parseHex("68ebe3cb20");

    private FlvBodies() {
    }

    static RawMessage avcSequenceHeader(long ts, byte[] sps) {
        Buffer b = Buffer.buffer().appendBytes(new byte[] {0x17, 0, 0, 0, 0, 1}).appendBytes(sps, 1, 3)
                .appendByte((byte) 0xFF).appendByte((byte) 0xE1).appendShort((short) sps.length).appendBytes(sps)
                .appendByte((byte) 1).appendShort((short) PPS.length).appendBytes(PPS);
        return new RawMessage(6, 9, ts, 1, b);
    }

    static RawMessage avcFrame(long ts, boolean key, int size) {
        Buffer b = Buffer.buffer().appendByte((byte) (key ? 0x17 : 0x27)).appendByte((byte) 1).appendMedium(0)
                .appendInt(size).appendByte((byte) (key ? 0x65 : 0x41)).appendBytes(new byte[size - 1]);
        return new RawMessage(6, 9, ts, 1, b);
    }

    static RawMessage aacSequenceHeader() {
        return new RawMessage(4, 8, 0, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 0, 0x11, (byte) 0x90}));
    }

    /** An AAC raw frame message of {@code size} payload bytes (zeros after the 2-byte tag header). */
    static RawMessage aacFrame(long ts, int size) {
        byte[] b = new byte[size];
        b[0] = (byte) 0xAF;
        b[1] = 1;
        return new RawMessage(4, 8, ts, 1, Buffer.buffer(b));
    }

    static RawMessage aacFrame(long ts) {
        return new RawMessage(4, 8, ts, 1, Buffer.buffer(new byte[] {(byte) 0xAF, 1, 0x21, 0x10, 0x04, 0x60}));
    }
}
