// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

/**
 * Acknowledgement (Adobe RTMP specification 1.0, section 5.4.3): the number of bytes received
 * so far (modulo 2^32), sent each time a window's worth arrived.
 *
 * @param sequenceNumber bytes received so far, 32-bit unsigned
 */
public record Acknowledgement(long sequenceNumber) implements RtmpMessage {

    /** Decodes the 4-byte payload. */
    public static Acknowledgement decode(RawMessage raw) {
        Payloads.requireLength(raw, 4, "Acknowledgement");
        return new Acknowledgement(raw.payload().getUnsignedInt(0));
    }

    @Override
    public int typeId() {
        return MessageType.ACKNOWLEDGEMENT;
    }

    @Override
    public RawMessage toRaw() {
        return Payloads.control(typeId(), Payloads.u32(sequenceNumber & 0xFFFF_FFFFL));
    }
}
