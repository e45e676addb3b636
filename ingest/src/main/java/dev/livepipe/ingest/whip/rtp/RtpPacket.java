// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * A parsed RTP packet (RFC 3550 §5.1) with its header extension (RFC 3550 §5.3.1, one-byte and
 * two-byte forms of RFC 8285) and padding removed.
 *
 * <p>Buffer ownership: {@link #parse} returns a zero-copy view over the caller's array; it is
 * valid only as long as the caller leaves those bytes alone (the transport reuses its receive
 * buffer after {@code onRtp} returns). Anything kept longer must be taken through
 * {@link #copy()}, which owns a fresh array. Instances are immutable; not thread-confined.
 */
public final class RtpPacket {

    /** RFC 8285 §4.2 one-byte header profile. */
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** RFC 8285 §4.3 two-byte header profile (low 4 bits are "appbits"). */
    static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    static final int TWO_BYTE_PROFILE = 0x1000;

    private final byte[] buf;
    private final int off;
    private final int len;
    private final int csrcCount;
    private final int extOffset;   // start of extension data (after the 4-byte extension header), -1 if none
    private final int extLength;
    private final int extProfile;
    private final int payloadOffset;
    private final int payloadLength;

    private RtpPacket(byte[] buf, int off, int len, int csrcCount, int extProfile, int extOffset,
                      int extLength, int payloadOffset, int payloadLength) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.csrcCount = csrcCount;
        this.extProfile = extProfile;
        this.extOffset = extOffset;
        this.extLength = extLength;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    /**
     * Parses the packet in {@code buf[off, off+len)} without copying.
     *
     * @throws RtpException if it is not version 2 or any length field points past the end
     */
    public static RtpPacket parse(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("bad slice");
        }
        if (len < 12) {
            throw new RtpException("RTP packet of " + len + " bytes is shorter than its header");
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >> 6 != 2) {
            throw new RtpException("RTP version " + (b0 >> 6) + " != 2");
        }
        int cc = b0 & 0x0F;
        int pos = 12 + 4 * cc;
        if (pos > len) {
            throw new RtpException("RTP CSRC list of " + cc + " does not fit");
        }
        int profile = -1;
        int extOff = -1;
        int extLen = 0;
        if ((b0 & 0x10) != 0) {
            if (pos + 4 > len) {
                throw new RtpException("RTP extension header does not fit");
            }
            profile = u16(buf, off + pos);
            extLen = u16(buf, off + pos + 2) * 4;
            pos += 4;
            if (pos + extLen > len) {
                throw new RtpException("RTP extension of " + extLen + " bytes does not fit");
            }
            extOff = off + pos;
            pos += extLen;
        }
        int end = len;
        if ((b0 & 0x20) != 0) {
            int pad = buf[off + len - 1] & 0xFF;
            if (pad == 0 || pos + pad > len) {
                throw new RtpException("RTP padding of " + pad + " bytes is invalid");
            }
            end -= pad;
        }
        return new RtpPacket(buf, off, len, cc, profile, extOff, extLen, off + pos, end - pos);
    }

    /** A view over a private copy of this packet's bytes (safe to keep). */
    public RtpPacket copy() {
        byte[] c = new byte[len];
        System.arraycopy(buf, off, c, 0, len);
        int delta = -off;
        return new RtpPacket(c, 0, len, csrcCount, extProfile, extOffset < 0 ? -1 : extOffset + delta,
                extLength, payloadOffset + delta, payloadLength);
    }

    public boolean marker() { return (buf[off + 1] & 0x80) != 0; }
    public int payloadType() { return buf[off + 1] & 0x7F; }
    /** The 16-bit sequence number. */
    public int sequenceNumber() { return u16(buf, off + 2); }
    /** The 32-bit timestamp as an unsigned value. */
    public long timestamp() { return u32(buf, off + 4); }
    /** The 32-bit SSRC as an unsigned value. */
    public long ssrc() { return u32(buf, off + 8); }
    public int csrcCount() { return csrcCount; }
    /** The i-th CSRC (unsigned). */
    public long csrc(int i) {
        if (i < 0 || i >= csrcCount) {
            throw new IndexOutOfBoundsException(i);
        }
        return u32(buf, off + 12 + 4 * i);
    }
    public boolean hasPadding() { return (buf[off] & 0x20) != 0; }
    /** The extension profile ("defined by profile" field), -1 without an extension. */
    public int extensionProfile() { return extProfile; }

    /** The array that holds the packet (not a copy: see the class comment). */
    public byte[] buffer() { return buf; }
    public int offset() { return off; }
    public int length() { return len; }
    public int payloadOffset() { return payloadOffset; }
    public int payloadLength() { return payloadLength; }

    /** Byte {@code i} of the payload, unsigned. */
    public int payloadByte(int i) {
        if (i < 0 || i >= payloadLength) {
            throw new IndexOutOfBoundsException(i);
        }
        return buf[payloadOffset + i] & 0xFF;
    }

    /** A copy of the payload (without padding). */
    public byte[] payloadCopy() {
        byte[] p = new byte[payloadLength];
        System.arraycopy(buf, payloadOffset, p, 0, payloadLength);
        return p;
    }

    /**
     * The data of the RFC 8285 header extension element with local identifier {@code id}, or
     * null if absent (or if the extension block is not in the one-byte or two-byte form).
     * Malformed element lists end the search rather than throw.
     */
    public byte[] extension(int id) {
        if (extOffset < 0) {
            return null;
        }
        boolean oneByte = extProfile == ONE_BYTE_PROFILE;
        boolean twoByte = (extProfile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
        if (!oneByte && !twoByte) {
            return null;
        }
        int p = extOffset;
        int end = extOffset + extLength;
        while (p < end) {
            int b = buf[p] & 0xFF;
            if (b == 0) { // padding byte between elements (§4.2, §4.3)
                p++;
                continue;
            }
            int elemId;
            int elemLen;
            if (oneByte) {
                elemId = b >> 4;
                if (elemId == 15) { // §4.2: reserved, stop processing
                    return null;
                }
                elemLen = (b & 0x0F) + 1;
                p += 1;
            } else {
                if (p + 2 > end) {
                    return null;
                }
                elemId = b;
                elemLen = buf[p + 1] & 0xFF;
                p += 2;
            }
            if (p + elemLen > end) {
                return null;
            }
            if (elemId == id) {
                byte[] v = new byte[elemLen];
                System.arraycopy(buf, p, v, 0, elemLen);
                return v;
            }
            p += elemLen;
        }
        return null;
    }

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType() + " seq=" + sequenceNumber() + " ts=" + timestamp() + " ssrc="
                + ssrc() + " m=" + marker() + " payload=" + payloadLength + "]";
    }
}
