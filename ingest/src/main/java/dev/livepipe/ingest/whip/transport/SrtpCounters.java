// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.whip.transport;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jitsi.srtp.SrtpErrorStatus;

/**
 * Counts of SRTP/SRTCP transform results per {@link SrtpErrorStatus} (as jmt's
 * {@code SrtpTransformerNode} keeps them), plus packets refused because the per-session SSRC
 * bound was reached. Thread-safe (atomic counters).
 */
public final class SrtpCounters {
    private static final SrtpErrorStatus[] STATUSES = SrtpErrorStatus.values();
    private final AtomicLongArray counts = new AtomicLongArray(STATUSES.length + 1);

    void count(SrtpErrorStatus status) {
        counts.incrementAndGet(status.ordinal());
    }

    void countSsrcLimit() {
        counts.incrementAndGet(STATUSES.length);
    }

    /** How many transforms ended with {@code status}. */
    public long get(SrtpErrorStatus status) {
        return counts.get(status.ordinal());
    }

    /** Packets dropped because the session already has {@code maxSsrcs} authenticated SSRCs. */
    public long ssrcLimit() {
        return counts.get(STATUSES.length);
    }

    /** Snapshot, keys are the status names plus {@code SSRC_LIMIT}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (SrtpErrorStatus s : STATUSES) {
            o.put(s.name(), get(s));
        }
        return o.put("SSRC_LIMIT", ssrcLimit());
    }
}
