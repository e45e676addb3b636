// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import dev.livepipe.testkit.HlsChecker;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Polling helpers over a stream's live HLS for end-to-end tests (bounded waits only). */
final class LiveHls {

    private LiveHls() {
    }

    /** The media playlist URL the multivariant playlist at {@code hlsUrl} points to. */
    static String mediaPlaylistUrl(String hlsUrl) {
        HlsChecker.HttpResult r = HlsChecker.get(hlsUrl);
        if (r.status() != 200) {
            throw new IllegalStateException("multivariant playlist: HTTP " + r.status());
        }
        List<HlsChecker.VariantEntry> variants = HlsChecker.parseMultivariant(r.text());
        if (variants.isEmpty()) {
            throw new IllegalStateException("no variant in:\n" + r.text());
        }
        return HlsChecker.resolve(hlsUrl, variants.get(0).uri());
    }

    /** Waits until the multivariant playlist answers 200 and returns the media playlist URL. */
    static String awaitMediaPlaylist(String hlsUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (HlsChecker.get(hlsUrl).status() == 200) {
                return mediaPlaylistUrl(hlsUrl);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no playlist at " + hlsUrl + " within " + timeout);
    }

    /** Polls the media playlist until {@code condition} holds; fails on any non-200 answer. */
    static HlsChecker.MediaPlaylistInfo awaitPlaylist(String mediaUrl, Duration timeout,
                                                      Predicate<HlsChecker.MediaPlaylistInfo> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HlsChecker.MediaPlaylistInfo last = null;
        while (System.nanoTime() < deadline) {
            HlsChecker.HttpResult r = HlsChecker.get(mediaUrl);
            if (r.status() != 200) {
                throw new AssertionError("media playlist answered " + r.status() + " (last seen:\n"
                        + (last == null ? "-" : last.text()) + ")");
            }
            last = HlsChecker.parseMediaPlaylist(r.text());
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("playlist condition not met within " + timeout + "; last:\n"
                + (last == null ? "-" : last.text()));
    }
}
