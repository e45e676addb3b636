// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import dev.livepipe.ingest.rtmp.RtmpProtocolException;
import dev.livepipe.media.codec.BitstreamException;
import dev.livepipe.media.codec.AudioSpecificConfig;
import dev.livepipe.media.CodecConfig;
import java.util.Arrays;

/**
 * A validated AAC configuration from a sequence header.
 *
 * @param asc      the AudioSpecificConfig
 * @param channels from the ASC, else the FLV SoundType hint, else 0
 */
record AudioSetup(AudioSpecificConfig asc, int channels) {

    /**
     * Validates an AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1).
     *
     * @param flvChannels the legacy FLV header's channel hint, 0 if none
     * @throws RtmpProtocolException if the AudioSpecificConfig is invalid
     */
    static AudioSetup parse(byte[] bytes, int flvChannels) {
        AudioSpecificConfig asc;
        try {
            asc = AudioSpecificConfig.parse(bytes);
        } catch (BitstreamException e) {
            throw new RtmpProtocolException("invalid AAC AudioSpecificConfig: " + e.getMessage(), e);
        }
        return new AudioSetup(asc, asc.channels() > 0 ? asc.channels() : Math.max(flvChannels, 0));
    }

    /** The track's out-of-band configuration. */
    CodecConfig codecConfig() {
        return new CodecConfig.AudioSpecific(asc.bytes());
    }

    /** True if {@code other} carries the same ASC bytes. */
    boolean sameAs(AudioSetup other) {
        return other != null && Arrays.equals(other.asc.bytes(), asc.bytes());
    }
}
