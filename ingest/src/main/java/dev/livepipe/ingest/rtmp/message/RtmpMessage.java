// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

/**
 * One interpreted RTMP message: the protocol control messages (Adobe RTMP specification 1.0,
 * section 5.4), user control (6.2) and the RTMP command messages (7.1). Every record decodes
 * itself from a {@link RawMessage} with a static {@code decode} and encodes itself with
 * {@link #toRaw()}. Consumers dispatch with an exhaustive {@code switch}.
 *
 * <p>Buffer ownership: audio, video and data payloads are slices of the raw message payload and
 * are never modified.
 */
public sealed interface RtmpMessage
        permits SetChunkSize, Abort, Acknowledgement, WindowAckSize, SetPeerBandwidth, UserControl,
        CommandAmf0, DataAmf0, AudioMessage, VideoMessage {

    /** The message type id (see {@link MessageType}). */
    int typeId();

    /** The message as it is sent: chunk stream, timestamp, stream id and payload bytes. */
    RawMessage toRaw();
}
