// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.media;

/**
 * One decodable unit of one track: a picture or an audio frame.
 *
 * @param track         the track it belongs to
 * @param pts           presentation time in {@code track.timescale()} units
 * @param dts           decode time in the same units; non-decreasing per track
 * @param keyframe      true if decoding can start here (IDR/IRAP, every audio frame)
 * @param arrivalNanos  {@link System#nanoTime()} when its last byte arrived at ingest, for latency
 * @param wallClockMillis wall-clock capture (or arrival) time, for program-date-time
 * @param payload       the coded bytes (see {@link Payload} for ownership)
 */
public record AccessUnit(Track track, long pts, long dts, boolean keyframe,
                         long arrivalNanos, long wallClockMillis, Payload payload) {

    /** Presentation time in microseconds. */
    public long ptsMicros() {
        return pts * 1_000_000L / track.timescale();
    }

    /** Decode time in microseconds. */
    public long dtsMicros() {
        return dts * 1_000_000L / track.timescale();
    }
}
