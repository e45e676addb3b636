// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.rtp;

/**
 * The VP8 payload descriptor (RFC 7741 §4.2) at the start of each VP8 RTP payload.
 *
 * @param nonReference  N: the frame can be discarded without affecting others
 * @param start         S: the first packet of a partition
 * @param partitionId   PID (0..7)
 * @param pictureId     7- or 15-bit PictureID, -1 if absent
 * @param tl0PicIdx     TL0PICIDX, -1 if absent
 * @param temporalId    TID, -1 if absent
 * @param layerSync     Y flag (false if absent)
 * @param keyIdx        KEYIDX, -1 if absent
 * @param size          bytes of the descriptor; the VP8 payload follows
 */
public record Vp8Descriptor(boolean nonReference, boolean start, int partitionId, int pictureId, int tl0PicIdx,
                            int temporalId, boolean layerSync, int keyIdx, int size) {

    /** Whether this packet begins a frame: S set on partition 0 (§4.2). */
    public boolean beginsFrame() {
        return start && partitionId == 0;
    }

    /**
     * Parses the descriptor at {@code b[off, off+len)}.
     *
     * @throws RtpException if it is truncated
     */
    public static Vp8Descriptor parse(byte[] b, int off, int len) {
        int p = 0;
        need(p, 1, len);
        int b0 = b[off] & 0xFF;
        boolean x = (b0 & 0x80) != 0;
        boolean n = (b0 & 0x20) != 0;
        boolean s = (b0 & 0x10) != 0;
        int pid = b0 & 0x07;
        p++;
        int pictureId = -1;
        int tl0 = -1;
        int tid = -1;
        boolean y = false;
        int keyIdx = -1;
        if (x) {
            need(p, 1, len);
            int ext = b[off + p++] & 0xFF;
            boolean i = (ext & 0x80) != 0;
            boolean l = (ext & 0x40) != 0;
            boolean t = (ext & 0x20) != 0;
            boolean k = (ext & 0x10) != 0;
            if (i) {
                need(p, 1, len);
                int v = b[off + p++] & 0xFF;
                if ((v & 0x80) != 0) { // M: 15-bit PictureID
                    need(p, 1, len);
                    pictureId = (v & 0x7F) << 8 | b[off + p++] & 0xFF;
                } else {
                    pictureId = v;
                }
            }
            if (l) {
                need(p, 1, len);
                tl0 = b[off + p++] & 0xFF;
            }
            if (t || k) {
                need(p, 1, len);
                int v = b[off + p++] & 0xFF;
                if (t) {
                    tid = v >> 6;
                    y = (v & 0x20) != 0;
                }
                if (k) {
                    keyIdx = v & 0x1F;
                }
            }
        }
        return new Vp8Descriptor(n, s, pid, pictureId, tl0, tid, y, keyIdx, p);
    }

    private static void need(int p, int n, int len) {
        if (p + n > len) {
            throw new RtpException("VP8 payload descriptor truncated");
        }
    }
}
