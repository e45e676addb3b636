// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.media.codec.AvcDecoderConfig;
import dev.livepipe.media.codec.BitstreamException;
import dev.livepipe.media.codec.HevcDecoderConfig;
import dev.livepipe.media.codec.PictureSize;
import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import java.util.Arrays;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated video decoder configuration from a sequence header, with what the track needs:
 * NAL length size, picture size (null if the SPS could not be read) and RFC 6381 codecs string.
 *
 * @param codec       H.264 or HEVC
 * @param config      the avcC or hvcC bytes (owned, never modified)
 * @param lengthSize  the NAL unit length prefix size of the samples
 * @param size        the picture size from the SPS, or null
 * @param codecString {@code avc1.PPCCLL} or {@code hvc1.…}
 */
record VideoSetup(Codec codec, byte[] config, int lengthSize, PictureSize size, String codecString) {

    private static final Logger LOG = LoggerFactory.getLogger(VideoSetup.class);

    /**
     * Validates a decoder configuration record (ISO/IEC 14496-15 5.3.3.1 avcC, 8.3.3.1 hvcC).
     *
     * @throws RtmpProtocolException if the record is invalid; an unreadable SPS only loses the size
     */
    static VideoSetup parse(Codec codec, byte[] bytes, String logPrefix) {
        try {
            return parseRecord(codec, bytes, logPrefix);
        } catch (BitstreamException e) {
            throw new RtmpProtocolException("invalid " + codec + " decoder configuration: " + e.getMessage(), e);
        }
    }

    private static VideoSetup parseRecord(Codec codec, byte[] bytes, String logPrefix) {
        return switch (codec) {
            case H264 -> {
                AvcDecoderConfig c = AvcDecoderConfig.parse(bytes);
                yield new VideoSetup(codec, bytes, c.lengthSize(),
                        sizeOrNull(() -> c.firstSps().size(), logPrefix), c.codecString());
            }
            case HEVC -> {
                HevcDecoderConfig c = HevcDecoderConfig.parse(bytes);
                yield new VideoSetup(codec, bytes, c.lengthSize(),
                        sizeOrNull(() -> c.firstSps().size(), logPrefix), c.codecString());
            }
            default -> throw new IllegalArgumentException("no RTMP video path for " + codec);
        };
    }

    /** The track's out-of-band configuration. */
    CodecConfig codecConfig() {
        return codec == Codec.H264 ? new CodecConfig.Avc(config) : new CodecConfig.Hvc(config);
    }

    /** True if {@code other} is the same configuration (a repeated sequence header). */
    boolean sameAs(VideoSetup other) {
        return other != null && other.codec == codec && Arrays.equals(other.config, config);
    }

    private static PictureSize sizeOrNull(Supplier<PictureSize> fromSps, String logPrefix) {
        try {
            return fromSps.get();
        } catch (BitstreamException e) {
            LOG.warn("{} cannot read the picture size from the SPS ({}); using onMetaData", logPrefix,
                    e.getMessage());
            return null;
        }
    }
}
