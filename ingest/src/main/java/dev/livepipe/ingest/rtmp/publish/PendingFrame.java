// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.ingest.rtmp.publish;

import dev.livepipe.media.MediaType;
import dev.livepipe.media.Payload;

/**
 * A decoded frame whose track is not known yet (it becomes an access unit once the tracks are
 * declared): everything of an {@link dev.livepipe.media.AccessUnit} but the track.
 */
record PendingFrame(MediaType type, long pts, long dts, boolean keyframe, long arrivalNanos,
                    long wallClockMillis, Payload payload) {
}
