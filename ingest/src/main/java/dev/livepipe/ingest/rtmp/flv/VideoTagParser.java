// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.media.Codec;
import io.vertx.core.buffer.Buffer;

/**
 * Parses FLV video tag bodies: the legacy header (FLV specification 10.1, E.4.3.1: frame type,
 * codec id 7 = AVC, AVCPacketType, composition time), the common non-standard codec id 12 for
 * HEVC in the same layout, and the Enhanced RTMP header (v1 and v2, "ExVideoTagHeader"): the
 * {@code 0x80} bit, frame type, packet type (SequenceStart, CodedFrames, SequenceEnd,
 * CodedFramesX, Metadata, MPEG2TSSequenceStart, Multitrack, ModEx) and FourCC.
 *
 * <p>Stateless and thread-safe. Truncated headers throw {@link RtmpProtocolException}.
 */
public final class VideoTagParser {

    private static final int FRAME_KEY = 1;
    private static final int FRAME_COMMAND = 5;
    private static final int CODEC_AVC = 7;
    private static final int CODEC_HEVC_LEGACY = 12;
    private static final int EX_HEADER = 0x80;

    private static final int SEQUENCE_START = 0;
    private static final int CODED_FRAMES = 1;
    private static final int SEQUENCE_END = 2;
    private static final int CODED_FRAMES_X = 3;
    private static final int METADATA = 4;
    private static final int MPEG2TS_SEQUENCE_START = 5;
    private static final int MULTITRACK = 6;
    private static final int MOD_EX = 7;

    private VideoTagParser() {
    }

    /** Interprets one video message payload. */
    public static VideoTag parse(Buffer body) {
        if (body.length() < 1) {
            throw new RtmpProtocolException("empty video message");
        }
        int b0 = body.getUnsignedByte(0);
        return (b0 & EX_HEADER) != 0 ? parseEnhanced(body, b0) : parseLegacy(body, b0);
    }

    private static VideoTag parseLegacy(Buffer body, int b0) {
        int frameType = b0 >> 4;
        int codecId = b0 & 0x0F;
        if (frameType == FRAME_COMMAND) {
            return new VideoTag.Ignored("video command frame");
        }
        Codec codec = switch (codecId) {
            case CODEC_AVC -> Codec.H264;
            case CODEC_HEVC_LEGACY -> Codec.HEVC;
            default -> null;
        };
        if (codec == null) {
            return new VideoTag.Unsupported("FLV video codec id " + codecId);
        }
        if (body.length() < 5) {
            throw new RtmpProtocolException("AVC video tag of " + body.length() + " bytes");
        }
        int packetType = body.getUnsignedByte(1);
        return switch (packetType) {
            case 0 -> new VideoTag.SequenceStart(codec, body.getBytes(5, body.length()));
            case 1 -> new VideoTag.CodedFrame(codec, body.getMedium(2), frameType == FRAME_KEY,
                    body.slice(5, body.length()));
            case 2 -> new VideoTag.SequenceEnd(codec);
            default -> throw new RtmpProtocolException("unknown AVCPacketType " + packetType);
        };
    }

    private static VideoTag parseEnhanced(Buffer body, int b0) {
        int frameType = (b0 >> 4) & 7;
        int packetType = b0 & 0x0F;
        if (packetType == MOD_EX) {
            return new VideoTag.Ignored("Enhanced RTMP ModEx video packet");
        }
        if (packetType != METADATA && frameType == FRAME_COMMAND) {
            return new VideoTag.Ignored("video command frame");
        }
        if (packetType == MULTITRACK) {
            return new VideoTag.Ignored("Enhanced RTMP multitrack video packet");
        }
        if (body.length() < 5) {
            throw new RtmpProtocolException("enhanced video tag of " + body.length() + " bytes");
        }
        int fourCc = body.getInt(1);
        Codec codec;
        if (fourCc == FourCc.AVC1) {
            codec = Codec.H264;
        } else if (fourCc == FourCc.HVC1) {
            codec = Codec.HEVC;
        } else {
            return new VideoTag.Unsupported("Enhanced RTMP video FourCC " + FourCc.text(body, 1));
        }
        return switch (packetType) {
            case SEQUENCE_START -> new VideoTag.SequenceStart(codec, body.getBytes(5, body.length()));
            case CODED_FRAMES -> {
                if (body.length() < 8) {
                    throw new RtmpProtocolException("CodedFrames without a composition time");
                }
                yield new VideoTag.CodedFrame(codec, body.getMedium(5), frameType == FRAME_KEY,
                        body.slice(8, body.length()));
            }
            case CODED_FRAMES_X -> new VideoTag.CodedFrame(codec, 0, frameType == FRAME_KEY,
                    body.slice(5, body.length()));
            case SEQUENCE_END -> new VideoTag.SequenceEnd(codec);
            case METADATA -> new VideoTag.Ignored("Enhanced RTMP video metadata");
            case MPEG2TS_SEQUENCE_START -> new VideoTag.Ignored("MPEG2TSSequenceStart");
            default -> throw new RtmpProtocolException("unknown enhanced video packet type "
                    + packetType);
        };
    }
}
