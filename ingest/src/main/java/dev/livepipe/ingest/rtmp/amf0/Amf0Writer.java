// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Encodes AMF0 values (AMF0 specification, section 2) into a buffer it owns until
 * {@link #toBuffer()}.
 *
 * <p>Accepted values: any {@link Number} (written as a double), {@link Boolean},
 * {@link CharSequence} (a long string when its UTF-8 form exceeds 65535 bytes), {@link Amf0Object}
 * or any other {@link Map} (an anonymous object), {@link Amf0EcmaArray}, {@link List} (strict
 * array), {@link Amf0Date}, {@link Amf0Constant} and Java {@code null} (AMF0 null).
 *
 * <p>Threading: not thread-safe.
 */
public final class Amf0Writer {

    private final Buffer out = Buffer.buffer(128);

    /** Appends one value. */
    public Amf0Writer write(Object value) {
        switch (value) {
            case null -> out.appendByte((byte) Amf0Marker.NULL);
            case Amf0Constant c -> out.appendByte((byte) (c == Amf0Constant.NULL
                    ? Amf0Marker.NULL : Amf0Marker.UNDEFINED));
            case Number n -> out.appendByte((byte) Amf0Marker.NUMBER).appendDouble(n.doubleValue());
            case Boolean b -> out.appendByte((byte) Amf0Marker.BOOLEAN).appendByte((byte) (b ? 1 : 0));
            case CharSequence s -> writeString(s.toString());
            case Amf0Object o -> writeObject(o.properties());
            case Amf0EcmaArray a -> {
                out.appendByte((byte) Amf0Marker.ECMA_ARRAY).appendUnsignedInt(a.properties().size());
                writeProperties(a.properties());
            }
            case Map<?, ?> m -> writeObject(m);
            case List<?> list -> {
                out.appendByte((byte) Amf0Marker.STRICT_ARRAY).appendUnsignedInt(list.size());
                for (Object v : list) {
                    write(v);
                }
            }
            case Amf0Date d -> out.appendByte((byte) Amf0Marker.DATE).appendDouble(d.epochMillis())
                    .appendShort(d.timeZone());
            default -> throw new IllegalArgumentException("not an AMF0 value: " + value.getClass());
        }
        return this;
    }

    /** Appends several values in order. */
    public Amf0Writer writeAll(Object... values) {
        for (Object v : values) {
            write(v);
        }
        return this;
    }

    /** The encoded bytes; the writer must not be used afterwards. */
    public Buffer toBuffer() {
        return out;
    }

    /** Encodes values in one go. */
    public static Buffer encode(Object... values) {
        return new Amf0Writer().writeAll(values).toBuffer();
    }

    private void writeString(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xFFFF) {
            out.appendByte((byte) Amf0Marker.LONG_STRING).appendUnsignedInt(bytes.length);
        } else {
            out.appendByte((byte) Amf0Marker.STRING).appendUnsignedShort(bytes.length);
        }
        out.appendBytes(bytes);
    }

    private void writeObject(Map<?, ?> properties) {
        out.appendByte((byte) Amf0Marker.OBJECT);
        writeProperties(properties);
    }

    private void writeProperties(Map<?, ?> properties) {
        for (Map.Entry<?, ?> e : properties.entrySet()) {
            byte[] key = String.valueOf(e.getKey()).getBytes(StandardCharsets.UTF_8);
            if (key.length > 0xFFFF) {
                throw new IllegalArgumentException("AMF0 property name longer than 65535 bytes");
            }
            out.appendUnsignedShort(key.length).appendBytes(key);
            write(e.getValue());
        }
        out.appendUnsignedShort(0).appendByte((byte) Amf0Marker.OBJECT_END);
    }
}
