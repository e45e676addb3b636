// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.Optional;

/** Where a watcher reads one stream's live media playlist from (HTTP or a file on disk). */
public interface PlaylistSource {

    /**
     * Reads the media playlist now. Empty while it does not exist yet (404, no file); never
     * blocks longer than a short timeout.
     */
    Optional<String> fetch();
}
