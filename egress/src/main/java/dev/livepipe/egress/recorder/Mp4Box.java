// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.nio.ByteBuffer;

/**
 * One ISO BMFF box header (ISO/IEC 14496-12 §4.2) read from a buffer: its four-character type,
 * where it starts, its total size and where its payload starts. Boxes with size 0 (to the end of
 * the file) are reported with {@code size} -1 so callers treat them as incomplete.
 *
 * @param type    the box type, e.g. {@code "moof"}
 * @param offset  where the header starts (in the coordinates of the buffer or file it came from)
 * @param size    header plus payload, or -1 if the box claims to run to the end
 * @param header  8, or 16 with a 64-bit largesize
 */
record Mp4Box(String type, long offset, long size, int header) {

    /** Where the payload starts. */
    long payloadOffset() {
        return offset + header;
    }

    /** Where the box ends. */
    long end() {
        return offset + size;
    }

    /**
     * The box header at the buffer's position (absolute offset {@code base + position}), or null if
     * fewer than the header's bytes remain or the size is impossible. Does not move the buffer.
     */
    static Mp4Box at(ByteBuffer buf, long base) {
        int p = buf.position();
        if (buf.remaining() < 8) {
            return null;
        }
        long size = Integer.toUnsignedLong(buf.getInt(p));
        String type = fourCc(buf.getInt(p + 4));
        int header = 8;
        if (size == 1) {
            if (buf.remaining() < 16) {
                return null;
            }
            size = buf.getLong(p + 8);
            header = 16;
        } else if (size == 0) {
            return new Mp4Box(type, base + p, -1, header);
        }
        if (size < header) {
            return null;
        }
        return new Mp4Box(type, base + p, size, header);
    }

    static String fourCc(int v) {
        char[] c = {(char) ((v >>> 24) & 0xff), (char) ((v >>> 16) & 0xff), (char) ((v >>> 8) & 0xff), (char) (v & 0xff)};
        return new String(c);
    }
}
