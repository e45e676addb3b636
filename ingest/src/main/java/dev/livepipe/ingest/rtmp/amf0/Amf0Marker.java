// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

/**
 * The AMF0 type markers (AMF0 specification, Adobe 2007, section 2.1). Only the markers this
 * codec supports have a decoder; the others are listed so that error messages can name them.
 */
public final class Amf0Marker {

    /** 8-byte IEEE-754 big-endian double (section 2.2). */
    public static final int NUMBER = 0x00;
    /** One byte, 0 is false (section 2.3). */
    public static final int BOOLEAN = 0x01;
    /** UTF-8 with a 16-bit length (section 2.4). */
    public static final int STRING = 0x02;
    /** Anonymous object: key/value pairs until an object end (section 2.5). */
    public static final int OBJECT = 0x03;
    /** Reserved, not supported (section 2.6). */
    public static final int MOVIECLIP = 0x04;
    /** Null (section 2.7). */
    public static final int NULL = 0x05;
    /** Undefined (section 2.8). */
    public static final int UNDEFINED = 0x06;
    /** Reference to an earlier complex object; not supported (section 2.9). */
    public static final int REFERENCE = 0x07;
    /** Associative ("ECMA") array: a 32-bit count hint, then pairs until an object end (2.10). */
    public static final int ECMA_ARRAY = 0x08;
    /** Ends an object or ECMA array, after an empty key (section 2.11). */
    public static final int OBJECT_END = 0x09;
    /** Strict array: a 32-bit count, then that many values (section 2.12). */
    public static final int STRICT_ARRAY = 0x0A;
    /** Date: a double of milliseconds since the epoch plus a 16-bit time zone (section 2.13). */
    public static final int DATE = 0x0B;
    /** UTF-8 with a 32-bit length (section 2.14). */
    public static final int LONG_STRING = 0x0C;
    /** Unsupported marker (section 2.15). */
    public static final int UNSUPPORTED = 0x0D;
    /** Reserved (section 2.16). */
    public static final int RECORDSET = 0x0E;
    /** XML document (section 2.17); not supported. */
    public static final int XML_DOCUMENT = 0x0F;
    /** Typed object (section 2.18); not supported. */
    public static final int TYPED_OBJECT = 0x10;
    /** Switch to AMF3 (section 3.1); not supported. */
    public static final int AVMPLUS = 0x11;

    private Amf0Marker() {
    }

    /** A readable name for a marker byte, for error messages. */
    public static String name(int marker) {
        return switch (marker) {
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case OBJECT -> "object";
            case MOVIECLIP -> "movieclip";
            case NULL -> "null";
            case UNDEFINED -> "undefined";
            case REFERENCE -> "reference";
            case ECMA_ARRAY -> "ecma-array";
            case OBJECT_END -> "object-end";
            case STRICT_ARRAY -> "strict-array";
            case DATE -> "date";
            case LONG_STRING -> "long-string";
            case UNSUPPORTED -> "unsupported";
            case RECORDSET -> "recordset";
            case XML_DOCUMENT -> "xml-document";
            case TYPED_OBJECT -> "typed-object";
            case AVMPLUS -> "avmplus";
            default -> String.format("0x%02x", marker);
        };
    }
}
