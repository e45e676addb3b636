// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

/**
 * Demultiplexing of the non-STUN datagrams of one 5-tuple by their first byte (RFC 7983 §7,
 * updating RFC 5764 §5.1.2), and RTP vs RTCP by the second byte (RFC 5761 §4: RTCP packet types
 * 192..223 sit where the RTP marker bit and payload type would be). STUN (0..3) never reaches
 * this point: ice4j consumes it.
 */
public enum PacketKind {
    /** First byte 20..63: a DTLS record. */
    DTLS,
    /** First byte 128..191, second byte outside 192..223. */
    RTP,
    /** First byte 128..191, second byte 192..223. */
    RTCP,
    /** ZRTP (16..19), TURN channel (64..79), anything else or too short: drop. */
    OTHER;

    /** Classifies {@code [off, off + len)} of {@code b}. */
    public static PacketKind of(byte[] b, int off, int len) {
        if (len < 1) {
            return OTHER;
        }
        int first = b[off] & 0xff;
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len < 8) {
                return OTHER;
            }
            int second = b[off + 1] & 0xff;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return OTHER;
    }
}
