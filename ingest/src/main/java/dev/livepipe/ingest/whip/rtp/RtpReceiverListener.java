// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import dev.livepipe.media.AccessUnit;
import dev.livepipe.media.Track;
import java.util.List;

/**
 * What an {@link RtpReceiver} produces. Threads: {@link #onTracks} and {@link #onAccessUnit}
 * are called one at a time, in order, on the receiver's worker (its serial executor), never
 * concurrently; {@link #sendRtcp} is called on whichever thread drives the receiver at that
 * moment (the transport's receive thread, the scheduler's thread, or a {@code requestKeyframe}
 * caller), serialized by the receiver's lock, and must not block: hand the bytes to the
 * transport's send queue.
 */
public interface RtpReceiverListener {

    /**
     * The track set is known (first video keyframe with SPS/PPS and first audio, or the track
     * timeout with whatever arrived) or changed (new SPS/PPS, a late stream). Access units that
     * follow refer to these tracks. Track ids are 0.. in list order; video 90 kHz, audio AAC at
     * 48 kHz with timescale 48 000.
     */
    void onTracks(List<Track> tracks);

    /** One access unit of the tracks last announced; byte arrays are handed over. */
    void onAccessUnit(AccessUnit unit);

    /**
     * An RTCP compound packet (plain, not yet SRTCP-protected) to send to the publisher; the
     * array is handed over.
     */
    void sendRtcp(byte[] packet);
}
