// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * One broadcast of the completion phase: when its publisher disconnected and when the recording
 * was first seen {@code complete} through the API, and what the recording says about itself.
 *
 * @param streamId           the stream
 * @param round              1-based round
 * @param publishedSeconds   media the publisher sent (last video decode time + one frame)
 * @param disconnectToCompleteMs  first {@code complete} reply − disconnect, in ms (NaN if never)
 * @param status             the last status seen ({@code complete}, or what it was when the wait ended)
 * @param bytes              the recording's {@code bytes}
 * @param durationSeconds    the recording's {@code durationSeconds}
 * @param polls              how many {@code GET /api/recordings} requests it took
 * @param problem            what was wrong with this broadcast, or null
 */
public record BroadcastCompletion(String streamId, int round, double publishedSeconds, double disconnectToCompleteMs,
                                  String status, long bytes, double durationSeconds, int polls, String problem) {

    /** Whether it completed with bytes and a duration within 1 s of what was published. */
    public boolean ok() {
        return problem == null;
    }
}
