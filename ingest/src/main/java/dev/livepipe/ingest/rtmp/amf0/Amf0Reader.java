// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AMF0 values (AMF0 specification, section 2) from a slice of a buffer.
 *
 * <p>Every length is checked against the bytes that remain before anything is allocated, and
 * objects, ECMA arrays and strict arrays may nest at most {@link #MAX_DEPTH} deep, so hostile
 * input costs at most linear time and memory. Anything malformed throws {@link Amf0Exception}.
 *
 * <p>Decoded values: {@link Double}, {@link Boolean}, {@link String}, {@link Amf0Object},
 * {@link Amf0EcmaArray}, an immutable {@link List} (strict array), {@link Amf0Date} and
 * {@link Amf0Constant}.
 *
 * <p>Threading: not thread-safe; one reader per message. The buffer is only read.
 */
public final class Amf0Reader {

    /** How deep objects and arrays may nest. */
    public static final int MAX_DEPTH = 32;

    private final Buffer buf;
    private final int start;
    private final int end;
    private int pos;

    /** Reads {@code buf} from {@code start} (inclusive) to {@code end} (exclusive). */
    public Amf0Reader(Buffer buf, int start, int end) {
        if (start < 0 || end > buf.length() || start > end) {
            throw new IllegalArgumentException("bad slice");
        }
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.pos = start;
    }

    /** Reads the whole buffer. */
    public Amf0Reader(Buffer buf) {
        this(buf, 0, buf.length());
    }

    /** Decodes every value up to the end of the slice. */
    public static List<Object> readAll(Buffer buf, int start, int end) {
        Amf0Reader r = new Amf0Reader(buf, start, end);
        List<Object> values = new ArrayList<>();
        while (r.hasMore()) {
            values.add(r.readValue());
        }
        return Collections.unmodifiableList(values);
    }

    /** True while bytes remain. */
    public boolean hasMore() {
        return pos < end;
    }

    /** Offset of the next byte, relative to the start of the slice. */
    public int position() {
        return pos - start;
    }

    /** Decodes the next value. */
    public Object readValue() {
        return readValue(0);
    }

    private Object readValue(int depth) {
        int markerAt = pos;
        int marker = u8();
        return switch (marker) {
            case Amf0Marker.NUMBER -> number();
            case Amf0Marker.BOOLEAN -> u8() != 0;
            case Amf0Marker.STRING -> utf8(u16());
            case Amf0Marker.LONG_STRING -> utf8(u32Length());
            case Amf0Marker.OBJECT -> new Amf0Object(properties(depth + 1, false));
            case Amf0Marker.ECMA_ARRAY -> {
                need(4); // the count is a hint only (section 2.10); the end marker terminates
                pos += 4;
                yield new Amf0EcmaArray(properties(depth + 1, true));
            }
            case Amf0Marker.STRICT_ARRAY -> strictArray(depth + 1);
            case Amf0Marker.NULL -> Amf0Constant.NULL;
            case Amf0Marker.UNDEFINED -> Amf0Constant.UNDEFINED;
            case Amf0Marker.DATE -> {
                double millis = number();
                need(2);
                short tz = buf.getShort(pos);
                pos += 2;
                yield new Amf0Date(millis, tz);
            }
            case Amf0Marker.OBJECT_END -> throw error("object end outside an object", markerAt);
            default -> throw error("unsupported marker " + Amf0Marker.name(marker), markerAt);
        };
    }

    private Map<String, Object> properties(int depth, boolean ecma) {
        checkDepth(depth);
        Map<String, Object> map = new LinkedHashMap<>();
        while (true) {
            if (ecma && pos == end) {
                return map; // some encoders omit the end marker of a trailing ECMA array
            }
            String key = utf8(u16());
            if (key.isEmpty() && pos < end && (buf.getByte(pos) & 0xFF) == Amf0Marker.OBJECT_END) {
                pos++;
                return map;
            }
            map.put(key, readValue(depth));
        }
    }

    private List<Object> strictArray(int depth) {
        checkDepth(depth);
        long count = u32();
        if (count > end - pos) { // every element takes at least one byte
            throw error("strict array of " + count + " elements exceeds the message", pos - 4);
        }
        List<Object> values = new ArrayList<>((int) Math.min(count, 64));
        for (long i = 0; i < count; i++) {
            values.add(readValue(depth));
        }
        return Collections.unmodifiableList(values);
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH, pos);
        }
    }

    private double number() {
        need(8);
        double d = buf.getDouble(pos);
        pos += 8;
        return d;
    }

    private String utf8(int length) {
        need(length);
        String s = buf.getString(pos, pos + length, StandardCharsets.UTF_8.name());
        pos += length;
        return s;
    }

    private int u8() {
        need(1);
        return buf.getByte(pos++) & 0xFF;
    }

    private int u16() {
        need(2);
        int v = buf.getUnsignedShort(pos);
        pos += 2;
        return v;
    }

    private long u32() {
        need(4);
        long v = buf.getUnsignedInt(pos);
        pos += 4;
        return v;
    }

    private int u32Length() {
        long length = u32();
        if (length > end - pos) {
            throw error("long string of " + length + " bytes exceeds the message", pos - 4);
        }
        return (int) length;
    }

    private void need(int n) {
        if (n > end - pos) {
            throw error("truncated value (need " + n + " bytes, " + (end - pos) + " left)", pos);
        }
    }

    private Amf0Exception error(String message, int at) {
        return new Amf0Exception(message, at - start);
    }
}
