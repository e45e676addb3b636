// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.mux;

import dev.livepipe.media.BroadcastReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A broadcast reader whose sink muxes on its own serial executor (HLS's segmenter, the recorder's
 * recording), as a service stopping sees it: {@link #shutdownAll} detaches every reader, so no
 * further events are queued, and then runs each sink's {@code shutdown} (free the muxer) as the
 * last task on that sink's executor, so it never races an event still being handled.
 *
 * @param reader   the attached reader, or null if not attached (yet)
 * @param executor the sink's serial executor (the one its reader delivers on)
 * @param shutdown frees what the sink owns without producing output; runs on {@code executor}
 */
public record MuxingReader(BroadcastReader reader, Executor executor, Runnable shutdown) {

    /**
     * Detaches every reader and queues every shutdown. Threading: any thread; does not block.
     *
     * @return completes when every shutdown ran, or exceptionally with a
     *         {@link java.util.concurrent.TimeoutException} after {@code timeout}
     */
    public static CompletableFuture<Void> shutdownAll(Collection<MuxingReader> readers, Duration timeout) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (MuxingReader r : readers) {
            if (r.reader() != null) {
                r.reader().close();
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            r.executor().execute(() -> {
                r.shutdown().run();
                f.complete(null);
            });
            done.add(f);
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
