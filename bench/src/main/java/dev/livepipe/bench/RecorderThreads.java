// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.Map;

/**
 * Which of Livepipe's thread groups (as {@link ThreadCpu} names them, digits folded to #) do the
 * recording: the recorder's muxing, upload and timer threads ({@code recorder-mux-#},
 * {@code recorder-upload}, {@code recorder-timer}), and the embedded S3 API server that stores
 * the uploaded bytes (S3Proxy on Jetty, {@code S#Proxy-Jetty-#}). With an external S3 the latter
 * would run elsewhere. Everything else (event loops, HLS muxing, JIT, GC) is not counted, even
 * where recording adds to it (e.g. the event loops hand every access unit to one more reader, GC
 * collects the recorder's garbage, PostgreSQL updates the recording's row).
 */
final class RecorderThreads {

    private RecorderThreads() {
    }

    /** Whether the thread group {@code group} belongs to recording. */
    static boolean isRecording(String group) {
        return group.startsWith("recorder-") || group.contains("Proxy-Jetty");
    }

    /** CPU seconds of the recording groups in {@code byGroup}. */
    static double seconds(Map<String, Double> byGroup) {
        return byGroup.entrySet().stream().filter(e -> isRecording(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }
}
