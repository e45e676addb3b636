// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.sdp;

/**
 * Iterates the {@code <type>=<value>} lines of SDP text (RFC 8866 §5), enforcing the line count
 * and length limits before each line is copied out; package-private, single-threaded.
 */
final class SdpLines {

    private final String text;
    private final SdpLimits limits;
    private int pos;
    private int count;
    private char type;
    private String value;

    SdpLines(String text, SdpLimits limits) {
        this.text = text;
        this.limits = limits;
    }

    /** Advances to the next non-empty line; false at the end. */
    boolean next() {
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            int end = nl < 0 ? text.length() : nl;
            int lineEnd = end > pos && text.charAt(end - 1) == '\r' ? end - 1 : end;
            int start = pos;
            pos = end + 1;
            if (++count > limits.maxLines()) {
                throw new SdpException("more than " + limits.maxLines() + " SDP lines");
            }
            if (lineEnd - start > limits.maxLineLength()) {
                throw new SdpException("SDP line " + count + " longer than " + limits.maxLineLength() + " characters");
            }
            if (lineEnd == start) {
                continue;
            }
            String line = text.substring(start, lineEnd);
            char t = line.charAt(0);
            if (line.length() < 2 || line.charAt(1) != '=' || t < 'a' || t > 'z') {
                throw new SdpException("SDP line " + count + " is not <type>=<value>: '" + SdpText.excerpt(line) + "'");
            }
            for (int i = 2; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c < 0x20 && c != '\t' || c == 0x7F) {
                    throw new SdpException("SDP line " + count + " contains a control character");
                }
            }
            type = t;
            value = line.substring(2);
            return true;
        }
        return false;
    }

    char type() {
        return type;
    }

    String value() {
        return value;
    }
}
