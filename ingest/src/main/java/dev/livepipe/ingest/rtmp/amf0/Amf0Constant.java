// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

/**
 * The two AMF0 values without content. Decoded AMF0 never contains Java {@code null}: it has
 * {@link #NULL} instead, so decoded lists and maps can be immutable.
 */
public enum Amf0Constant {
    /** AMF0 null (marker 0x05). */
    NULL,
    /** AMF0 undefined (marker 0x06). */
    UNDEFINED
}
