// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import java.util.concurrent.atomic.AtomicLong;

/** Counters across every recording of one {@link Recorder}. Thread-safe. */
final class RecorderStats {

    final AtomicLong bytesSpooled = new AtomicLong();
    final AtomicLong bytesUploaded = new AtomicLong();
    final AtomicLong partsUploaded = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    volatile String lastError;
}
