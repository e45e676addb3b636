// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * Out-of-band decoder configuration of a track, as the container formats want it.
 * The byte arrays are owned by the record and never modified.
 */
public sealed interface CodecConfig {

    /** The ISO/IEC 14496-15 decoder configuration record bytes (avcC, hvcC) or the AAC ASC. */
    byte[] bytes();

    /** H.264: an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1). */
    record Avc(byte[] bytes) implements CodecConfig { }

    /** HEVC: an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1). */
    record Hvc(byte[] bytes) implements CodecConfig { }

    /** AAC: an AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1). */
    record AudioSpecific(byte[] bytes) implements CodecConfig { }

    /** A codec that carries its configuration in band (VP8, Opus, AV1 sequence headers). */
    record InBand() implements CodecConfig {
        @Override public byte[] bytes() { return new byte[0]; }
    }
}
