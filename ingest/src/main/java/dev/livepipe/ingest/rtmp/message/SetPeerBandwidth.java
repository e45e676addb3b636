// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import io.vertx.core.buffer.Buffer;

/**
 * Set Peer Bandwidth (Adobe RTMP specification 1.0, section 5.4.5): limits the peer's output
 * to a window size.
 *
 * @param size      the window size in bytes
 * @param limitType 0 hard, 1 soft, 2 dynamic
 */
public record SetPeerBandwidth(long size, int limitType) implements RtmpMessage {

    /** Limit type Hard. */
    public static final int HARD = 0;
    /** Limit type Soft. */
    public static final int SOFT = 1;
    /** Limit type Dynamic. */
    public static final int DYNAMIC = 2;

    /** Decodes the 5-byte payload. */
    public static SetPeerBandwidth decode(RawMessage raw) {
        Payloads.requireLength(raw, 5, "SetPeerBandwidth");
        return new SetPeerBandwidth(raw.payload().getUnsignedInt(0), raw.payload().getByte(4) & 0xFF);
    }

    @Override
    public int typeId() {
        return MessageType.SET_PEER_BANDWIDTH;
    }

    @Override
    public RawMessage toRaw() {
        return Payloads.control(typeId(),
                Buffer.buffer(5).appendUnsignedInt(size).appendByte((byte) limitType));
    }
}
