// SPDX-License-Identifier: Apache-2.0
/**
 * Fragmented MP4 (CMAF) muxing of access units through FFmpeg, shared by live HLS and the
 * recorder.
 *
 * <p>{@link dev.livepipe.mux.SessionMuxer} takes one publisher session's access units, keeps the
 * tracks in sync on a continuous timeline and cuts fragments on keyframes at a target duration,
 * returning each as a {@link dev.livepipe.mux.CutSegment}; underneath,
 * {@link dev.livepipe.mux.CmafMuxer} drives FFmpeg's {@code mp4} muxer into native memory
 * ({@link dev.livepipe.mux.AvioCollector}); each media segment is a reference-counted
 * {@link dev.livepipe.mux.SegmentBytes} from its user's {@link dev.livepipe.mux.SegmentMemory}. {@link dev.livepipe.mux.StreamSetup} says which tracks
 * fMP4 carries here; {@link dev.livepipe.mux.CodecStrings} gives RFC 6381 codec strings.
 * {@link dev.livepipe.mux.ContinuousMuxer} is one broadcast's output across its publisher
 * sessions (a session muxer at a time, the timeline continued, restarts after failures), which
 * HLS and the recorder each drive per broadcast; {@link dev.livepipe.mux.MuxingReader} stops
 * their readers and muxers when the service stops.
 *
 * <p>Threading: everything here blocks in FFmpeg and is confined to one worker thread at a time
 * (a broadcast's serial executor); never call it from an event loop. {@code SegmentBytes} and
 * {@code SegmentMemory} are the exception: any thread may retain, release and read them.
 */
package dev.livepipe.mux;
