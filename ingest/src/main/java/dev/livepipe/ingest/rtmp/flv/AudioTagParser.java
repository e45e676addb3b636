// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.flv;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import io.vertx.core.buffer.Buffer;

/**
 * Parses FLV audio tag bodies: the legacy header (FLV specification 10.1, E.4.2.1: SoundFormat
 * 10 = AAC with AACPacketType 0 = AudioSpecificConfig, 1 = raw) and the Enhanced RTMP v2 header
 * (SoundFormat 9 = ExHeader, AudioPacketType, FourCC {@code mp4a}).
 *
 * <p>Stateless and thread-safe. Truncated headers throw {@link RtmpProtocolException}.
 */
public final class AudioTagParser {

    private static final int FORMAT_EX_HEADER = 9;
    private static final int FORMAT_AAC = 10;

    private static final int SEQUENCE_START = 0;
    private static final int CODED_FRAMES = 1;
    private static final int SEQUENCE_END = 2;
    private static final int MULTICHANNEL_CONFIG = 4;
    private static final int MULTITRACK = 5;
    private static final int MOD_EX = 7;

    private AudioTagParser() {
    }

    /** Interprets one audio message payload. */
    public static AudioTag parse(Buffer body) {
        if (body.length() < 1) {
            throw new RtmpProtocolException("empty audio message");
        }
        int b0 = body.getUnsignedByte(0);
        int format = b0 >> 4;
        if (format == FORMAT_EX_HEADER) {
            return parseEnhanced(body, b0 & 0x0F);
        }
        if (format != FORMAT_AAC) {
            return new AudioTag.Unsupported("FLV sound format " + format);
        }
        if (body.length() < 2) {
            throw new RtmpProtocolException("AAC audio tag without AACPacketType");
        }
        int packetType = body.getUnsignedByte(1);
        return switch (packetType) {
            case 0 -> new AudioTag.SequenceStart(body.getBytes(2, body.length()), (b0 & 1) + 1);
            case 1 -> new AudioTag.Frame(body.slice(2, body.length()));
            default -> throw new RtmpProtocolException("unknown AACPacketType " + packetType);
        };
    }

    private static AudioTag parseEnhanced(Buffer body, int packetType) {
        if (packetType == MOD_EX || packetType == MULTITRACK) {
            return new AudioTag.Ignored("Enhanced RTMP audio packet type " + packetType);
        }
        if (body.length() < 5) {
            throw new RtmpProtocolException("enhanced audio tag of " + body.length() + " bytes");
        }
        if (body.getInt(1) != FourCc.MP4A) {
            return new AudioTag.Unsupported("Enhanced RTMP audio FourCC " + FourCc.text(body, 1));
        }
        return switch (packetType) {
            case SEQUENCE_START -> new AudioTag.SequenceStart(body.getBytes(5, body.length()), 0);
            case CODED_FRAMES -> new AudioTag.Frame(body.slice(5, body.length()));
            case SEQUENCE_END -> new AudioTag.SequenceEnd();
            case MULTICHANNEL_CONFIG -> new AudioTag.Ignored("multichannel config");
            default -> throw new RtmpProtocolException("unknown enhanced audio packet type "
                    + packetType);
        };
    }
}
