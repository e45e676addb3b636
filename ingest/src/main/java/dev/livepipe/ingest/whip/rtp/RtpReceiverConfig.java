// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

import java.time.Duration;

/**
 * Settings of one {@link RtpReceiver}.
 *
 * @param maxBitrateBps      the bitrate REMB advertises (draft-alvestrand-rmcat-remb): the cap on
 *                           the browser's send rate, e.g. 6 000 000
 * @param aacBitrateBps      AAC bitrate of the Opus→AAC transcode (128 000 by default)
 * @param vp8TranscodeBitrateBps H.264 bitrate of the VP8→H.264 transcode
 * @param reorderWindow      how long a hole waits for a late or retransmitted packet (~150 ms)
 * @param nack               send generic NACKs (RFC 4585) where negotiated
 * @param nackRetryInterval  minimum time between two NACKs of one packet
 * @param nackMaxRetries     NACKs per lost packet at most
 * @param jitterBufferPackets ring size per stream, a power of two
 * @param keyframeMinInterval minimum time between two PLIs
 * @param reportInterval     RR, SDES and REMB period (RFC 3550 §6.2 leaves it to the receiver)
 * @param tickInterval       timer resolution of hole expiry and NACK retries
 * @param trackTimeout       after the first media, declare tracks with whatever arrived by then
 * @param cname              CNAME of our RTCP (RFC 3550 §6.5.1)
 */
public record RtpReceiverConfig(long maxBitrateBps, int aacBitrateBps, long vp8TranscodeBitrateBps,
                                Duration reorderWindow, boolean nack, Duration nackRetryInterval, int nackMaxRetries,
                                int jitterBufferPackets, Duration keyframeMinInterval, Duration reportInterval,
                                Duration tickInterval, Duration trackTimeout, String cname) {

    /** 6 Mbit/s REMB, 128 kbit/s AAC, 4 Mbit/s VP8 transcode, 150 ms window, NACK on. */
    public static RtpReceiverConfig defaults() {
        return new RtpReceiverConfig(6_000_000, 128_000, 4_000_000, Duration.ofMillis(150), true,
                Duration.ofMillis(40), 4, 1024, Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofMillis(20), Duration.ofSeconds(3), "livepipe");
    }

    public RtpReceiverConfig withMaxBitrate(long bps) {
        return new RtpReceiverConfig(bps, aacBitrateBps, vp8TranscodeBitrateBps, reorderWindow, nack,
                nackRetryInterval, nackMaxRetries, jitterBufferPackets, keyframeMinInterval, reportInterval,
                tickInterval, trackTimeout, cname);
    }

    public RtpReceiverConfig withNack(boolean on) {
        return new RtpReceiverConfig(maxBitrateBps, aacBitrateBps, vp8TranscodeBitrateBps, reorderWindow, on,
                nackRetryInterval, nackMaxRetries, jitterBufferPackets, keyframeMinInterval, reportInterval,
                tickInterval, trackTimeout, cname);
    }

    public RtpReceiverConfig withReorderWindow(Duration window) {
        return new RtpReceiverConfig(maxBitrateBps, aacBitrateBps, vp8TranscodeBitrateBps, window, nack,
                nackRetryInterval, nackMaxRetries, jitterBufferPackets, keyframeMinInterval, reportInterval,
                tickInterval, trackTimeout, cname);
    }
}
