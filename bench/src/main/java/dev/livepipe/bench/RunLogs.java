// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Where a benchmark run keeps its server logs and profiles: {@code bench/target/runs/<prefix><time>}. */
final class RunLogs {

    private RunLogs() {
    }

    /** Creates the run's directory under {@code repo} and prints its path. */
    static Path create(Path repo, String prefix) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("bench/target/runs")
                .resolve(prefix + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        System.out.println("Logs: " + dir);
        return dir;
    }
}
