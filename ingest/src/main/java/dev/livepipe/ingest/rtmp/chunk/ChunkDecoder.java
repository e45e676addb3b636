// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.chunk;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.ingest.rtmp.message.RawMessage;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reassembles RTMP messages from the chunk stream (Adobe RTMP specification 1.0, section 5.3):
 * an incremental state machine fed with whatever buffers the socket delivers, however they are
 * split. It handles the four chunk header types, the one-, two- and three-byte basic headers,
 * extended timestamps (5.3.1.3), including the rule that type 3 chunks repeat the extended
 * timestamp of the header they continue, and any interleaving of chunk streams.
 *
 * <p>Limits, all checked before anything is allocated: a message may be at most
 * {@code maxMessageSize} bytes; at most {@code maxChunkStreams} chunk streams may be in use; the
 * messages being reassembled at once may together declare at most twice
 * {@code maxMessageSize}. A buffer for a message grows with the bytes that actually arrive.
 * Violations throw {@link RtmpProtocolException}; the decoder is then unusable.
 *
 * <p>The {@code sink} receives each message as soon as its last byte is decoded, synchronously
 * from {@link #feed}; it may call {@link #setChunkSize} or {@link #abort}, which apply to the
 * next chunk, or {@link #stop}.
 *
 * <p>Threading: not thread-safe; fed by one connection's event loop. Buffers passed to
 * {@link #feed} are copied from and not retained; emitted payloads belong to the sink.
 */
public final class ChunkDecoder {

    /** The chunk size until the peer sends Set Chunk Size (5.4.1). */
    public static final int DEFAULT_CHUNK_SIZE = 128;
    private static final int MAX_HEADER = 3 + 11 + 4;

    private final int maxMessageSize;
    private final int maxChunkStreams;
    private final Consumer<RawMessage> sink;
    private final Map<Integer, ChunkStream> streams = new HashMap<>();
    private final ChunkStream[] lowStreams = new ChunkStream[64]; // the same, by id, for ids < 64
    private final byte[] header = new byte[MAX_HEADER];
    private int headerLength;
    private int chunkSize = DEFAULT_CHUNK_SIZE;
    private ChunkStream current;      // stream whose chunk payload is being read, or null
    private ChunkStream open;         // stream of the last chunk, if its message is incomplete
    private int chunkRemaining;       // payload bytes of the current chunk still to come
    private long declaredInFlight;    // sum of lengths of messages being reassembled
    private int messagesInFlight;     // how many messages are being reassembled
    private boolean stopped;

    /**
     * @param maxMessageSize  the longest message accepted, in bytes
     * @param maxChunkStreams how many distinct chunk stream ids may be used
     * @param sink            receives every complete message
     */
    public ChunkDecoder(int maxMessageSize, int maxChunkStreams, Consumer<RawMessage> sink) {
        if (maxMessageSize < 1 || maxChunkStreams < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxMessageSize = maxMessageSize;
        this.maxChunkStreams = maxChunkStreams;
        this.sink = sink;
    }

    /** The peer's current maximum chunk payload. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Applies the peer's Set Chunk Size from the next chunk on; 1..0xFFFFFF. */
    public void setChunkSize(int size) {
        if (size < 1 || size > 0xFFFFFF) {
            throw new RtmpProtocolException("invalid chunk size " + size);
        }
        chunkSize = size;
    }

    /** Discards the partial message of a chunk stream (Abort Message, 5.4.2). */
    public void abort(long chunkStreamId) {
        if (chunkStreamId > BasicHeader.MAX_CHUNK_STREAM_ID) {
            return;
        }
        ChunkStream s = stream((int) chunkStreamId);
        if (s != null && s.inMessage()) {
            declaredInFlight -= s.messageLength;
            messagesInFlight--;
            s.drop();
        }
    }

    /** Stops decoding: the rest of the current and any later buffer is ignored. */
    public void stop() {
        stopped = true;
    }

    /**
     * The fewest payload bytes still missing from any message being reassembled; at a message
     * boundary 1 while a chunk header is incomplete, else 0. Chunk headers and other streams'
     * chunks interleaved before that message completes are not counted, so no message completes
     * with fewer further bytes than this (what a receive low-water mark needs).
     */
    public int bytesToFinishMessage() {
        if (messagesInFlight == 0) {
            return headerLength > 0 ? 1 : 0;
        }
        ChunkStream s = current != null ? current : open;
        if (messagesInFlight == 1 && s != null && s.inMessage()) {
            return Math.max(1, s.messageLength - s.received);
        }
        int min = Integer.MAX_VALUE; // several partial messages (interleaved streams): the nearest
        for (ChunkStream c : streams.values()) {
            if (c.inMessage()) {
                min = Math.min(min, c.messageLength - c.received);
            }
        }
        return Math.max(1, min == Integer.MAX_VALUE ? 1 : min);
    }

    /** Number of chunk streams seen so far. */
    public int chunkStreamCount() {
        return streams.size();
    }

    /** Decodes {@code data}; complete messages go to the sink before this returns. */
    public void feed(Buffer data) {
        int pos = 0;
        int end = data.length();
        while (pos < end && !stopped) {
            if (current == null) {
                pos = readHeader(data, pos, end);
            } else {
                int n = Math.min(chunkRemaining, end - pos);
                current.append(data, pos, n);
                chunkRemaining -= n;
                pos += n;
                if (chunkRemaining == 0) {
                    finishChunk();
                }
            }
        }
    }

    /** Copies header bytes until the header is complete; then starts its chunk. */
    private int readHeader(Buffer data, int pos, int end) {
        while (pos < end) {
            int needed = headerBytesNeeded();
            if (headerLength == needed) {
                break;
            }
            int n = Math.min(needed - headerLength, end - pos);
            data.getBytes(pos, pos + n, header, headerLength);
            headerLength += n;
            pos += n;
        }
        if (headerLength == headerBytesNeeded()) {
            startChunk();
            headerLength = 0;
        }
        return pos;
    }

    /** How long the header being read is, as far as the bytes so far tell. */
    private int headerBytesNeeded() {
        if (headerLength == 0) {
            return 1;
        }
        int basic = BasicHeader.length(header[0]);
        if (headerLength < basic) {
            return basic;
        }
        ChunkType type = ChunkType.of((header[0] & 0xFF) >> 6);
        int base = basic + type.messageHeaderLength();
        if (headerLength < base) {
            return base;
        }
        boolean extended;
        if (type == ChunkType.TYPE_3) {
            ChunkStream s = stream(BasicHeader.chunkStreamId(header));
            if (s == null) {
                throw new RtmpProtocolException("type 3 chunk on chunk stream "
                        + BasicHeader.chunkStreamId(header) + " without a previous header");
            }
            extended = s.extended;
        } else {
            extended = u24(basic) == 0xFFFFFF;
        }
        return base + (extended ? 4 : 0);
    }

    private void startChunk() {
        int basic = BasicHeader.length(header[0]);
        int csid = BasicHeader.chunkStreamId(header);
        ChunkType type = ChunkType.of((header[0] & 0xFF) >> 6);
        ChunkStream s = stream(csid);
        if (s == null) {
            if (type == ChunkType.TYPE_2 || type == ChunkType.TYPE_3) {
                throw new RtmpProtocolException("chunk stream " + csid + " starts with a type "
                        + type.ordinal() + " header");
            }
            if (streams.size() >= maxChunkStreams) {
                throw new RtmpProtocolException("more than " + maxChunkStreams + " chunk streams");
            }
            s = new ChunkStream(csid); // a type 1 start uses zero as the previous values
            streams.put(csid, s);
            if (csid < lowStreams.length) {
                lowStreams[csid] = s;
            }
        }
        boolean newMessage = !s.inMessage();
        if (type != ChunkType.TYPE_3) {
            if (!newMessage) { // a new header interrupts a partial message: treat as aborted
                declaredInFlight -= s.messageLength;
                messagesInFlight--;
                s.drop();
                newMessage = true;
            }
            long field = u24(basic);
            s.extended = field == 0xFFFFFF;
            if (s.extended) {
                field = u32(basic + type.messageHeaderLength());
            }
            s.timestampField = field;
            if (type != ChunkType.TYPE_2) {
                int length = u24(basic + 3);
                if (length > maxMessageSize) {
                    throw new RtmpProtocolException("message of " + length
                            + " bytes exceeds the limit of " + maxMessageSize);
                }
                s.messageLength = length;
                s.typeId = header[basic + 6] & 0xFF;
            }
            if (type == ChunkType.TYPE_0) {
                s.messageStreamId = header[basic + 7] & 0xFF | (header[basic + 8] & 0xFF) << 8
                        | (header[basic + 9] & 0xFF) << 16 | (header[basic + 10] & 0xFF) << 24;
                s.timestamp = field;
            } else {
                s.timestamp = (s.timestamp + field) & 0xFFFF_FFFFL;
            }
        } else if (newMessage) {
            if (s.extended) { // 5.3.1.3: the type 3 chunk carries the extended field again
                s.timestampField = u32(basic);
            }
            s.timestamp = (s.timestamp + s.timestampField) & 0xFFFF_FFFFL;
        }
        if (newMessage) {
            if (declaredInFlight + s.messageLength > 2L * maxMessageSize) {
                throw new RtmpProtocolException("too many large messages in flight across chunk streams");
            }
            declaredInFlight += s.messageLength;
            messagesInFlight++;
            s.startMessage();
        }
        current = s;
        chunkRemaining = Math.min(chunkSize, s.messageLength - s.received);
        if (chunkRemaining == 0) {
            finishChunk();
        }
    }

    private void finishChunk() {
        ChunkStream s = current;
        current = null;
        if (s.received < s.messageLength) {
            open = s;
            return;
        }
        if (open == s) {
            open = null; // an interleaved message of another stream leaves the open one open
        }
        RawMessage message = new RawMessage(s.id, s.typeId, s.timestamp, s.messageStreamId, s.message());
        declaredInFlight -= s.messageLength;
        messagesInFlight--;
        s.drop();
        sink.accept(message);
    }

    /** The state of chunk stream {@code csid}, or null if it has not been used. */
    private ChunkStream stream(int csid) {
        return csid >= 0 && csid < lowStreams.length ? lowStreams[csid] : streams.get(csid);
    }

    private int u24(int at) {
        return (header[at] & 0xFF) << 16 | (header[at + 1] & 0xFF) << 8 | header[at + 2] & 0xFF;
    }

    private long u32(int at) {
        return ((long) (header[at] & 0xFF) << 24 | (header[at + 1] & 0xFF) << 16
                | (header[at + 2] & 0xFF) << 8 | header[at + 3] & 0xFF) & 0xFFFF_FFFFL;
    }
}
