// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One RTP payload type of an m-section with what the offer says about it: {@code a=rtpmap}
 * (RFC 8866 §6.6), {@code a=fmtp} (§6.15) and {@code a=rtcp-fb} (RFC 4585 §4.2; the wildcard
 * {@code *} already applied).
 *
 * @param payloadType 0 .. 127
 * @param encoding    the encoding name as written, e.g. {@code H264}, {@code opus}; empty when
 *                    the offer had no rtpmap for it
 * @param clockRate   the clock rate, 0 if unknown
 * @param channels    audio channels, 0 if not given
 * @param fmtp        the format parameters as written (may be empty)
 * @param feedback    rtcp-fb values, e.g. {@code nack}, {@code nack pli}, {@code transport-cc}
 */
public record PayloadFormat(int payloadType, String encoding, int clockRate, int channels, String fmtp,
                            List<String> feedback) {

    /** Copies the list. */
    public PayloadFormat {
        feedback = List.copyOf(feedback);
    }

    /** True if the encoding name equals {@code name}, ignoring case (RFC 8866 §6.6). */
    public boolean is(String name) {
        return encoding.equalsIgnoreCase(name);
    }

    /** The fmtp parameters as a map with lower-case keys ({@code key=value;…}). */
    public Map<String, String> parameters() {
        return FmtpParameters.parse(fmtp);
    }

    /** One fmtp parameter, by lower-case name. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters().get(name.toLowerCase(Locale.ROOT)));
    }

    /** The rtpmap value, {@code H264/90000} or {@code opus/48000/2}. */
    public String rtpmap() {
        return encoding + "/" + clockRate + (channels > 0 ? "/" + channels : "");
    }
}
