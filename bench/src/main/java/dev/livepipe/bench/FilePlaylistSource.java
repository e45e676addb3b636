// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A media playlist that a server writes to disk (nginx-rtmp's {@code hls_path}). */
public final class FilePlaylistSource implements PlaylistSource {

    private final Path file;

    public FilePlaylistSource(Path file) {
        this.file = file;
    }

    @Override
    public Optional<String> fetch() {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
