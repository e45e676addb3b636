// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

import java.util.Optional;

/**
 * Interprets a {@link RawMessage} by its type id (Adobe RTMP specification 1.0, sections 5.4,
 * 6.2 and 7.1). Types this server has no use for (shared objects, aggregates, anything
 * unknown) decode to empty: the caller logs them at debug level and goes on.
 *
 * <p>Stateless and thread-safe. Throws {@link dev.livepipe.ingest.rtmp.RtmpProtocolException}
 * for a malformed payload of a known type.
 */
public final class MessageDecoder {

    private MessageDecoder() {
    }

    /** The interpreted message, or empty for a type that is ignored. */
    public static Optional<RtmpMessage> decode(RawMessage raw) {
        RtmpMessage message = switch (raw.typeId()) {
            case MessageType.SET_CHUNK_SIZE -> SetChunkSize.decode(raw);
            case MessageType.ABORT -> Abort.decode(raw);
            case MessageType.ACKNOWLEDGEMENT -> Acknowledgement.decode(raw);
            case MessageType.USER_CONTROL -> UserControl.decode(raw);
            case MessageType.WINDOW_ACK_SIZE -> WindowAckSize.decode(raw);
            case MessageType.SET_PEER_BANDWIDTH -> SetPeerBandwidth.decode(raw);
            case MessageType.AUDIO -> AudioMessage.decode(raw);
            case MessageType.VIDEO -> VideoMessage.decode(raw);
            case MessageType.DATA_AMF0, MessageType.DATA_AMF3 -> DataAmf0.decode(raw);
            case MessageType.COMMAND_AMF0, MessageType.COMMAND_AMF3 -> CommandAmf0.decode(raw);
            default -> null;
        };
        return Optional.ofNullable(message);
    }
}
