// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media.codec;

/**
 * A validated MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 section 1.6.2.1), as an FLV AAC
 * sequence header carries it.
 *
 * @param bytes           the config as received (owned by this record, never modified)
 * @param audioObjectType audioObjectType (2 = AAC-LC, 5 = SBR, 29 = PS, ...)
 * @param sampleRate      the sampling frequency of the core, in Hz
 * @param channelConfig   channelConfiguration (0 = defined in a program config element)
 */
public record AudioSpecificConfig(byte[] bytes, int audioObjectType, int sampleRate,
                                  int channelConfig) {

    private static final int[] RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350,
    };

    /**
     * Parses and validates a config.
     *
     * @throws BitstreamException if it is truncated or uses a reserved value
     */
    public static AudioSpecificConfig parse(byte[] asc) {
        if (asc.length < 2) {
            throw new BitstreamException("AudioSpecificConfig of " + asc.length + " bytes");
        }
        BitReader r = new BitReader(asc);
        int aot = (int) r.u(5);
        if (aot == 31) {
            aot = 32 + (int) r.u(6);
        }
        if (aot == 0) {
            throw new BitstreamException("AudioSpecificConfig with audio object type 0");
        }
        int index = (int) r.u(4);
        int rate;
        if (index == 15) {
            rate = (int) r.u(24);
        } else if (index < RATES.length) {
            rate = RATES[index];
        } else {
            throw new BitstreamException("reserved samplingFrequencyIndex " + index);
        }
        if (rate == 0) {
            throw new BitstreamException("sampling frequency 0");
        }
        int channels = (int) r.u(4);
        return new AudioSpecificConfig(asc.clone(), aot, rate, channels);
    }

    /** The channel count for configurations 1..7 (ISO/IEC 14496-3 table 1.19), 0 if unknown. */
    public int channels() {
        return switch (channelConfig) {
            case 1, 2, 3, 4, 5, 6 -> channelConfig;
            case 7 -> 8;
            default -> 0;
        };
    }

    /** RFC 6381 codecs parameter: {@code mp4a.40.<audioObjectType>}. */
    public String codecString() {
        return "mp4a.40." + audioObjectType;
    }
}
