// SPDX-License-Identifier: Apache-2.0
/**
 * Fragmented MP4 (CMAF) muxing of access units through FFmpeg, shared by live HLS and the
 * recorder.
 *
 * <p>{@link dev.livepipe.mux.SessionMuxer} takes one publisher session's access units, keeps the
 * tracks in sync on a continuous timeline and cuts fragments on keyframes at a target duration,
 * returning each as a {@link dev.livepipe.mux.CutSegment}; underneath,
 * {@link dev.livepipe.mux.CmafMuxer} drives FFmpeg's {@code mp4} muxer into memory
 * ({@link dev.livepipe.mux.AvioCollector}). {@link dev.livepipe.mux.StreamSetup} says which tracks
 * fMP4 carries here; {@link dev.livepipe.mux.CodecStrings} gives RFC 6381 codec strings.
 * {@link dev.livepipe.mux.ContinuousMuxer} is one broadcast's output across its publisher
 * sessions (a session muxer at a time, the timeline continued, restarts after failures), which
 * HLS and the recorder each drive per broadcast; {@link dev.livepipe.mux.MuxingReader} stops
 * their readers and muxers when the service stops.
 *
 * <p>Threading: everything here blocks in FFmpeg and is confined to one worker thread at a time
 * (a broadcast's serial executor); never call it from an event loop.
 */
package dev.livepipe.mux;
