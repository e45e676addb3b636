// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/**
 * Server-wide totals since start, for {@code describe()} and metrics.
 *
 * <p>Threading: incremented from any connection's event loop; read from any thread.
 */
final class RtmpCounters {

    final LongAdder accepted = new LongAdder();
    final LongAdder digestHandshakes = new LongAdder();
    final LongAdder plainHandshakes = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    final LongAdder publishesAccepted = new LongAdder();
    final LongAdder publishesRefused = new LongAdder();
    final LongAdder playsRefused = new LongAdder();

    JsonObject toJson() {
        return new JsonObject()
                .put("accepted", accepted.sum())
                .put("digestHandshakes", digestHandshakes.sum())
                .put("plainHandshakes", plainHandshakes.sum())
                .put("protocolErrors", protocolErrors.sum())
                .put("publishesAccepted", publishesAccepted.sum())
                .put("publishesRefused", publishesRefused.sum())
                .put("playsRefused", playsRefused.sum());
    }
}
