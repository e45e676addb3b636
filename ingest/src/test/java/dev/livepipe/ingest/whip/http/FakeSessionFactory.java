// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.http;

import dev.livepipe.ingest.whip.sdp.IceCandidate;
import dev.livepipe.ingest.whip.sdp.LocalTransport;
import dev.livepipe.ingest.whip.sdp.SdpFixtures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A {@link WhipSessionFactory} without a transport: records requests, hands out {@link FakeHandle}s. */
final class FakeSessionFactory implements WhipSessionFactory {

    final List<WhipSessionRequest> requests = new CopyOnWriteArrayList<>();
    final List<FakeHandle> handles = new CopyOnWriteArrayList<>();
    volatile Function<FakeHandle, Future<WhipSessionHandle>> behaviour = Future::succeededFuture;

    @Override
    public Future<WhipSessionHandle> create(WhipSessionRequest request) {
        requests.add(request);
        FakeHandle h = new FakeHandle(request);
        handles.add(h);
        return behaviour.apply(h);
    }

    /** Completes after {@code delayMs} on a timer (a slow transport). */
    static Function<FakeHandle, Future<WhipSessionHandle>> late(Vertx vertx, long delayMs) {
        return h -> {
            Promise<WhipSessionHandle> p = Promise.promise();
            vertx.setTimer(delayMs, t -> p.complete(h));
            return p.future();
        };
    }

    /** A session handle that only records what happens to it. */
    static final class FakeHandle implements WhipSessionHandle {

        final WhipSessionRequest request;
        final List<IceCandidate> trickled = new CopyOnWriteArrayList<>();
        volatile boolean endOfCandidates;
        private final Promise<Void> closed = Promise.promise();

        FakeHandle(WhipSessionRequest request) {
            this.request = request;
        }

        @Override
        public LocalTransport localTransport() {
            return SdpFixtures.LOCAL;
        }

        @Override
        public Future<Void> addRemoteCandidates(List<IceCandidate> candidates, boolean end) {
            trickled.addAll(candidates);
            endOfCandidates |= end;
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> close() {
            closed.tryComplete();
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> closed() {
            return closed.future();
        }

        boolean isClosed() {
            return closed.future().isComplete();
        }
    }
}
