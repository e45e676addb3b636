// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * Ingest health of one WHIP session at one moment, for the stream's ingest stats.
 *
 * @param packetsReceived     RTP packets accepted (media streams, RTX repairs included)
 * @param packetsLost         packets lost for good (cumulative, RFC 3550 A.3, after repair)
 * @param fractionLost        loss over the last report interval, 0..1 (worst stream)
 * @param videoJitterMillis   interarrival jitter of the video stream (RFC 3550 A.8)
 * @param audioJitterMillis   interarrival jitter of the audio stream
 * @param nacksSent           NACK packets sent
 * @param nackedPackets       sequence numbers NACKed (retries included)
 * @param rtxRecovered        holes filled by retransmissions or late packets
 * @param plisSent            PLIs sent
 * @param keyframeRequests    keyframe requests from the integrator ({@link RtpReceiver#requestKeyframe})
 * @param bitrateBps          received RTP bitrate over the last report interval (headers included)
 * @param videoFrames         video access units delivered
 * @param audioFrames         audio access units delivered
 * @param framesDropped       frames dropped (incomplete, waiting for a keyframe, worker backlog)
 * @param malformedPackets    packets that did not parse
 */
public record RtpReceiverStats(long packetsReceived, long packetsLost, double fractionLost,
                               double videoJitterMillis, double audioJitterMillis, long nacksSent,
                               long nackedPackets, long rtxRecovered, long plisSent, long keyframeRequests,
                               long bitrateBps, long videoFrames, long audioFrames, long framesDropped,
                               long malformedPackets) {
}
