// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

/**
 * Abort Message (Adobe RTMP specification 1.0, section 5.4.2): discard the partly received
 * message on a chunk stream.
 *
 * @param chunkStreamId the chunk stream whose partial message is dropped
 */
public record Abort(long chunkStreamId) implements RtmpMessage {

    /** Decodes the 4-byte payload. */
    public static Abort decode(RawMessage raw) {
        Payloads.requireLength(raw, 4, "Abort");
        return new Abort(raw.payload().getUnsignedInt(0));
    }

    @Override
    public int typeId() {
        return MessageType.ABORT;
    }

    @Override
    public RawMessage toRaw() {
        return Payloads.control(typeId(), Payloads.u32(chunkStreamId));
    }
}
