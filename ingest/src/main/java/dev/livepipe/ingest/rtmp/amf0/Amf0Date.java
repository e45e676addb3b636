// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.amf0;

/**
 * An AMF0 date (section 2.13).
 *
 * @param epochMillis milliseconds since 1970-01-01T00:00Z, as the double on the wire
 * @param timeZone    the reserved 16-bit time-zone field (should be 0x0000)
 */
public record Amf0Date(double epochMillis, short timeZone) {
}
