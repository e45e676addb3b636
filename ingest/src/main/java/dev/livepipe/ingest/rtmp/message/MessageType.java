// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.message;

/**
 * RTMP message type ids (Adobe RTMP specification 1.0, sections 5.4 and 7.1) and the chunk
 * streams this server sends them on.
 */
public final class MessageType {

    /** Set Chunk Size (5.4.1). */
    public static final int SET_CHUNK_SIZE = 1;
    /** Abort Message (5.4.2). */
    public static final int ABORT = 2;
    /** Acknowledgement (5.4.3). */
    public static final int ACKNOWLEDGEMENT = 3;
    /** User Control Message (6.2, 7.1.7). */
    public static final int USER_CONTROL = 4;
    /** Window Acknowledgement Size (5.4.4). */
    public static final int WINDOW_ACK_SIZE = 5;
    /** Set Peer Bandwidth (5.4.5). */
    public static final int SET_PEER_BANDWIDTH = 6;
    /** Audio Message (7.1.4). */
    public static final int AUDIO = 8;
    /** Video Message (7.1.5). */
    public static final int VIDEO = 9;
    /** Data Message, AMF3 (7.1.2). */
    public static final int DATA_AMF3 = 15;
    /** Shared Object Message, AMF3 (7.1.3). */
    public static final int SHARED_OBJECT_AMF3 = 16;
    /** Command Message, AMF3 (7.1.1). */
    public static final int COMMAND_AMF3 = 17;
    /** Data Message, AMF0 (7.1.2). */
    public static final int DATA_AMF0 = 18;
    /** Shared Object Message, AMF0 (7.1.3). */
    public static final int SHARED_OBJECT_AMF0 = 19;
    /** Command Message, AMF0 (7.1.1). */
    public static final int COMMAND_AMF0 = 20;
    /** Aggregate Message (7.1.6). */
    public static final int AGGREGATE = 22;

    /** Chunk stream id reserved for protocol control messages (5.4). */
    public static final int CONTROL_CHUNK_STREAM = 2;
    /** Chunk stream id this server sends commands on (a convention shared with FFmpeg). */
    public static final int COMMAND_CHUNK_STREAM = 3;
    /** Chunk stream id for audio messages. */
    public static final int AUDIO_CHUNK_STREAM = 4;
    /** Chunk stream id for video messages. */
    public static final int VIDEO_CHUNK_STREAM = 6;

    private MessageType() {
    }
}
