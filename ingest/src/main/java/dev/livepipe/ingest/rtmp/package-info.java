// SPDX-License-Identifier: Apache-2.0
/**
 * The RTMP ingest edge: {@link dev.livepipe.ingest.rtmp.RtmpServer} accepts publishers (OBS,
 * FFmpeg, librtmp) and publishes their audio and video into the broadcast hub.
 *
 * <p>Layers, bottom up, each in its own package:
 * <ul>
 *   <li>{@code handshake}: C0/C1/C2 and S0/S1/S2, plain and digest (Adobe RTMP spec 1.0, 5.2);</li>
 *   <li>{@code chunk}: the incremental chunk stream decoder and the encoder (5.3);</li>
 *   <li>{@code message}: one record per message type, decoded from and encoded to raw messages
 *       (5.4, 6.2, 7.1);</li>
 *   <li>{@code amf0}: the AMF0 codec (AMF0 specification, 2007);</li>
 *   <li>{@code flv} and {@code codec}: FLV and Enhanced RTMP tag headers (FLV spec 10.1 E.4,
 *       Enhanced RTMP v1/v2), decoder configuration records and parameter sets
 *       (ISO/IEC 14496-15, ISO/IEC 14496-3, H.264, H.265);</li>
 *   <li>{@code publish}: {@link dev.livepipe.ingest.rtmp.publish.RtmpToStream}, the translation
 *       of tags into tracks and access units;</li>
 *   <li>this package: the connection state machine (connect, createStream, publish), the
 *       authorization, the hub publication, the server and its configuration.</li>
 * </ul>
 *
 * <p>Every connection runs on its socket's event loop. Bytes from the network are untrusted:
 * sizes are bounded before allocation and any violation closes that one connection with a
 * warning naming the problem. Stream keys are never logged, only a four-digit fingerprint.
 */
package dev.livepipe.ingest.rtmp;
