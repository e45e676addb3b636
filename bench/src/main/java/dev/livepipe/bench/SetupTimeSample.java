// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

/**
 * The set-up milestones of one browser publish, epoch milliseconds on this machine's clock
 * (Chromium's {@code Date.now()}, the server's log and the benchmark share it).
 *
 * @param postMillis     the page called {@code fetch(POST /whip/…)} (recorded in the page)
 * @param answerMillis   the 201 with the SDP answer reached the page
 * @param server         what the server logged (ICE connected, DTLS done, first keyframe)
 * @param segmentMillis  the stream's media playlist first listed a segment (polled every 20 ms)
 */
public record SetupTimeSample(long postMillis, long answerMillis, ServerLogEvents server, long segmentMillis) {

    /** POST → answer at the page. */
    public long answerMs() {
        return answerMillis - postMillis;
    }

    /** POST → ICE connected (server). */
    public long iceMs() {
        return server.iceConnectedMillis() - postMillis;
    }

    /** ICE connected → DTLS done (SRTP keys), the server's own figure. */
    public long dtlsMs() {
        return server.dtlsMillis();
    }

    /** DTLS done → first keyframe (tracks declared, broadcast started). */
    public long keyframeMs() {
        return server.tracksMillis() - server.connectedMillis();
    }

    /** First keyframe → first HLS segment listed. */
    public long segmentMs() {
        return segmentMillis - server.tracksMillis();
    }

    /** POST → first HLS segment listed: end to end. */
    public long totalMs() {
        return segmentMillis - postMillis;
    }
}
