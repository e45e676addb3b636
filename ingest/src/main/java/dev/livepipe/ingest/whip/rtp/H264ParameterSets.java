// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.media.Codec;
import dev.livepipe.media.CodecConfig;
import dev.livepipe.media.Track;
import dev.livepipe.media.codec.AvcDecoderConfig;
import dev.livepipe.media.codec.BitstreamException;
import dev.livepipe.media.codec.H264Sps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SPS and PPS an H.264 stream carries in band (RFC 6184 §8.4: WebRTC senders repeat them
 * before each IDR), turned into an avcC and a {@link Track}. Access units leave without SPS, PPS
 * and access unit delimiters: the track's avcC describes them, and a change of either makes a
 * new track (the hub treats a codec change as a new session).
 *
 * <p>Not thread-safe: confined to the receiver's worker.
 */
public final class H264ParameterSets {

    private byte[] sps;
    private byte[] pps;
    private byte[] avcC;
    private H264Sps parsed;
    private boolean changed;

    /**
     * Takes the parameter sets out of one access unit; returns the other NAL units.
     * A malformed SPS is ignored (the previous one stays).
     */
    public List<byte[]> absorb(List<byte[]> nalus) {
        List<byte[]> rest = new ArrayList<>(nalus.size());
        for (byte[] n : nalus) {
            int type = n[0] & 0x1F;
            if (type == 7) {
                if (!Arrays.equals(n, sps)) {
                    try {
                        parsed = H264Sps.parse(n);
                        sps = n;
                        avcC = null;
                    } catch (BitstreamException e) {
                        // keep the previous SPS
                    }
                }
            } else if (type == 8) {
                if (!Arrays.equals(n, pps)) {
                    pps = n;
                    avcC = null;
                }
            } else if (type != 9) {
                rest.add(n);
            }
        }
        if (avcC == null && sps != null && pps != null) {
            byte[] next = AvcConfigBuilder.avcC(sps, pps);
            AvcDecoderConfig.parse(next); // validate what we hand to the muxer
            avcC = next;
            changed = true;
        }
        return rest;
    }

    /** Whether both parameter sets are known. */
    public boolean ready() {
        return avcC != null;
    }

    /** True once after the configuration became known or changed. */
    public boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /** A video track with id {@code id}, 90 kHz timescale, picture size from the SPS. */
    public Track track(int id) {
        if (avcC == null) {
            throw new IllegalStateException("no SPS/PPS yet");
        }
        AvcDecoderConfig config = AvcDecoderConfig.parse(avcC);
        return new Track(id, Codec.H264, 90_000, new CodecConfig.Avc(avcC.clone()), parsed.size().width(),
                parsed.size().height(), 0, 0, config.codecString());
    }
}
