// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;

/**
 * Window Acknowledgement Size (Adobe RTMP specification 1.0, section 5.4.4): how many bytes
 * the receiver may take before it must send an {@link Acknowledgement}.
 *
 * @param size window size in bytes, 1 to 2^31 - 1
 */
public record WindowAckSize(long size) implements RtmpMessage {

    public WindowAckSize {
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new RtmpProtocolException("invalid window acknowledgement size " + size);
        }
    }

    /** Decodes the 4-byte payload. */
    public static WindowAckSize decode(RawMessage raw) {
        Payloads.requireLength(raw, 4, "WindowAckSize");
        return new WindowAckSize(raw.payload().getUnsignedInt(0));
    }

    @Override
    public int typeId() {
        return MessageType.WINDOW_ACK_SIZE;
    }

    @Override
    public RawMessage toRaw() {
        return Payloads.control(typeId(), Payloads.u32(size));
    }
}
