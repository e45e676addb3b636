// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livepipe.storage.broadcasts.BroadcastInfo;
import dev.livepipe.storage.broadcasts.BroadcastStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Livepipe process killed with SIGKILL leaves its embedded PostgreSQL running (pg_ctl
 * daemonizes it) and a live broadcast in the database; the next start on the same data
 * directory must take over, find every row and object, and end the dangling broadcast.
 */
class KillResilienceTest {

    @TempDir
    Path dataDir;

    @Test
    void storageStartsAgainAfterTheProcessWasKilled() throws Exception {
        String[] ready = runChildAndKillIt();

        assertThat(postmasterPid()).as("the killed process left PostgreSQL running")
                .hasValueSatisfying(pid -> assertThat(ProcessHandle.of(pid)).isPresent());

        assertDataSurvived(ready[1], UUID.fromString(ready[2]));
    }

    @Test
    void storageStartsAgainAfterProcessAndPostgresWereKilled() throws Exception {
        String[] ready = runChildAndKillIt();
        // Like a power cut: PostgreSQL dies without a shutdown checkpoint and must recover.
        long pid = postmasterPid().orElseThrow();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> children = postmaster.children().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
        }

        assertDataSurvived(ready[1], UUID.fromString(ready[2]));
    }

    private void assertDataSurvived(String streamId, UUID broadcastId) {
        Storage storage = new Storage(StorageConfig.embedded(dataDir));
        storage.start();
        try {
            assertThat(storage.streams().get(streamId)).map(s -> s.title()).contains("written before kill -9");
            BroadcastInfo broadcast = storage.broadcasts().get(broadcastId).orElseThrow();
            assertThat(broadcast.status()).isEqualTo(BroadcastStatus.ENDED);
            assertThat(broadcast.endedAt()).isNotNull();
            assertThat(storage.objects().get("child/" + streamId))
                    .hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo(streamId));
        } finally {
            storage.stop();
        }
        assertThat(postmasterPid()).isEmpty();
    }

    /** Starts {@link KilledStorageProcess}, waits for its READY line, kills it with SIGKILL. */
    private String[] runChildAndKillIt() throws Exception {
        Path output = dataDir.resolveSibling(dataDir.getFileName() + "-child.log");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-cp", classpath, KilledStorageProcess.class.getName(), dataDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                Optional<String> line = readyLine(output);
                if (line.isPresent()) {
                    return line.get().split(" ");
                }
                if (!child.isAlive()) {
                    throw new AssertionError("child exited with " + child.exitValue() + ":\n" + Files.readString(output));
                }
                Thread.sleep(100);
            }
            throw new AssertionError("child not ready in time:\n" + Files.readString(output));
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Files.deleteIfExists(output);
        }
    }

    private static Optional<String> readyLine(Path output) throws IOException {
        if (!Files.exists(output)) {
            return Optional.empty();
        }
        return Files.readAllLines(output, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("READY ")).findFirst();
    }

    private Optional<Long> postmasterPid() {
        try {
            Path pidFile = dataDir.resolve("postgres/postmaster.pid");
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(Files.readAllLines(pidFile).getFirst().strip()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
