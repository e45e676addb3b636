// SPDX-License-Identifier: Apache-2.0
/**
 * Live HLS (RFC 8216, 8216bis) with fMP4/CMAF segments muxed by FFmpeg and served from memory.
 *
 * <p>Wiring: create an {@link dev.livepipe.hls.HlsService} with an {@link dev.livepipe.hls.HlsConfig},
 * register it with {@code Broadcasts.addListener}, and {@link dev.livepipe.hls.HlsService#mount mount}
 * it on the Vert.x Web router. URL layout: {@link dev.livepipe.hls.HlsPaths}.
 *
 * <p>Data flow per broadcast: {@code Broadcast} → reader queue → {@link dev.livepipe.hls.LiveSegmenter}
 * (one per broadcast, on a serial executor over a shared muxing pool) → {@link dev.livepipe.mux.SessionMuxer} (one
 * per publisher session) → {@link dev.livepipe.mux.CmafMuxer} (FFmpeg's mp4 muxer writing into an
 * {@code AvioCollector}) → {@code SegmentWindow} (playlist rules) → an immutable
 * {@link dev.livepipe.hls.StreamSnapshot} published through {@link dev.livepipe.hls.HlsStream} →
 * read by the event-loop handlers in {@code HlsRoutes}.
 *
 * <p>Playlist text is written by one small class per tag family: {@link dev.livepipe.hls.BasicTags},
 * {@link dev.livepipe.hls.MediaSegmentTags}, {@link dev.livepipe.hls.MediaPlaylistTags},
 * {@link dev.livepipe.hls.MediaOrMultivariantTags}, {@link dev.livepipe.hls.MultivariantTags}.
 */
package dev.livepipe.hls;
