// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Part 1 of the WHIP benchmark: {@code publishes} browser publishes, one after the other, each
 * into a fresh stream of one running Livepipe, each from a fresh Chromium context. For each:
 * POST (in the page) → ICE connected → DTLS done (server log) → first keyframe (tracks declared,
 * server log) → first HLS segment listed in the media playlist (polled every 20 ms). A publish
 * stays live for {@code holdMillis} after its first segment, then Stop is pressed.
 */
final class WhipSetupRun {

    private WhipSetupRun() {
    }

    /** The samples of the publishes that completed; failures are printed and counted. */
    static List<SetupTimeSample> run(LivepipeUnderTest server, Path serverLog, int publishes, long holdMillis,
                                     List<String> failures) throws Exception {
        List<SetupTimeSample> samples = new ArrayList<>();
        try (BrowserPublisher chromium = new BrowserPublisher()) {
            System.out.println("Chromium " + chromium.version());
            for (int i = 1; i <= publishes; i++) {
                StreamEndpoint stream = server.createStreams(1).get(0);
                String streamId = stream.label().substring(stream.label().indexOf('/') + 1);
                String key = stream.publishUrl().substring(stream.publishUrl().lastIndexOf('/') + 1);
                AtomicLong firstSegment = new AtomicLong();
                Thread poller = Thread.ofPlatform().daemon().name("playlist-poll-" + i).start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        var body = stream.playlist().fetch();
                        if (body.isPresent() && !MediaPlaylist.parse(body.get()).segments().isEmpty()) {
                            firstSegment.set(System.currentTimeMillis());
                            return;
                        }
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                try (BrowserPublisher.Session page = chromium.open(server.baseUrl())) {
                    page.goLive(key, 20_000);
                    long deadline = System.currentTimeMillis() + 30_000;
                    while (firstSegment.get() == 0 && System.currentTimeMillis() < deadline) {
                        Thread.sleep(20);
                    }
                    long[] post = page.postAndAnswerMillis();
                    ServerLogEvents events = ServerLogEvents.await(serverLog, streamId, post[0], 5_000);
                    if (firstSegment.get() == 0 || post[0] == 0 || !events.complete()) {
                        failures.add("publish " + i + ": segment " + firstSegment.get() + ", post " + post[0] + ", " + events);
                        System.out.println("publish " + i + " incomplete: " + failures.get(failures.size() - 1));
                        continue;
                    }
                    SetupTimeSample s = new SetupTimeSample(post[0], post[1], events, firstSegment.get());
                    samples.add(s);
                    Thread.sleep(Math.max(0, firstSegment.get() + holdMillis - System.currentTimeMillis()));
                    System.out.printf("publish %2d: answer %4d, ICE %4d, DTLS %4d, keyframe %4d, segment %5d, total %5d ms (sending %s)%n",
                            i, s.answerMs(), s.iceMs(), s.dtlsMs(), s.keyframeMs(), s.segmentMs(), s.totalMs(), page.sending());
                } catch (RuntimeException e) {
                    failures.add("publish " + i + ": " + e.getMessage());
                    System.out.println("publish " + i + " failed: " + e.getMessage());
                } finally {
                    poller.interrupt();
                }
                Thread.sleep(500);
            }
        }
        return samples;
    }
}
