// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip;

import java.util.Optional;

/**
 * What the WHIP offer/answer settled (RFC 9725, RFC 8829): the one video and the one audio
 * payload Livepipe accepts from this publisher, and the RTP header extensions it reads. The SDP
 * layer produces it; the RTP receive path consumes it.
 *
 * @param video                the video payload, if the offer had a usable one
 * @param audio                the audio payload, if the offer had a usable one
 * @param transportCcExtension id of the transport-wide-cc header extension (0 if not negotiated)
 * @param absSendTimeExtension id of the abs-send-time header extension (0 if not negotiated)
 * @param midExtension         id of the sdes:mid header extension (0 if not negotiated)
 */
public record NegotiatedMedia(Optional<Payload> video, Optional<Payload> audio, int transportCcExtension,
                              int absSendTimeExtension, int midExtension) {

    /** Video codecs the receive path can depacketize. */
    public enum VideoCodec { H264, VP8 }

    /**
     * One negotiated RTP payload.
     *
     * @param mid         the m-section's mid
     * @param payloadType RTP payload type of the media
     * @param codec       "H264", "VP8" or "opus"
     * @param clockRate   RTP clock rate (90000 video, 48000 Opus)
     * @param channels    audio channels (2 for Opus per RFC 7587), 0 for video
     * @param fmtp        the fmtp parameters of this payload type as offered (may be empty)
     * @param rtxPayloadType payload type of its RTX stream (RFC 4588), or -1
     * @param nack        whether generic NACK feedback was negotiated
     * @param pli         whether PLI feedback was negotiated
     * @param remb        whether goog-remb feedback was negotiated
     * @param transportCc whether transport-cc feedback was negotiated
     */
    public record Payload(String mid, int payloadType, String codec, int clockRate, int channels, String fmtp,
                          int rtxPayloadType, boolean nack, boolean pli, boolean remb, boolean transportCc) {
    }
}
