// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.vod;

/**
 * One satisfiable byte range of a resource of known length, from an HTTP {@code Range} header
 * (RFC 9110 §14.1.2: {@code bytes=first-last}, {@code bytes=first-}, {@code bytes=-suffix}).
 * Multiple ranges are not supported (the whole header is then ignored, as the RFC allows).
 *
 * @param first first byte, inclusive
 * @param last  last byte, inclusive
 */
record ByteRange(long first, long last) {

    /** Bytes in the range. */
    long length() {
        return last - first + 1;
    }

    /**
     * Parses {@code header} for a resource of {@code size} bytes, capping the length at
     * {@code maxLength} (a client reading from the returned Content-Range asks again for the rest).
     *
     * @return the range, or null if the header is absent, malformed or multi-range (serve 200),
     * @throws IllegalStateException if the range cannot be satisfied (serve 416)
     */
    static ByteRange parse(String header, long size, long maxLength) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            long first;
            long last;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                if (suffix <= 0) {
                    throw new IllegalStateException("empty suffix range");
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(spec.substring(0, dash));
                String end = spec.substring(dash + 1);
                last = end.isEmpty() ? size - 1 : Math.min(Long.parseLong(end), size - 1);
                if (last < first && !end.isEmpty()) {
                    return null; // syntactically invalid: ignore the header
                }
            }
            if (first >= size) {
                throw new IllegalStateException("range starts beyond the end");
            }
            return new ByteRange(first, Math.min(last, first + maxLength - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
