// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, {@code ./livepipe}, and its JVM AOT cache: on JDK 25+ the first start
 * records a cache when it stops, the next start maps it, {@code LIVEPIPE_AOT=off} does not, and a
 * jar with a new modification time records a new cache instead of meeting the old one; on an
 * older JDK no cache is made. The launcher and the built jars are copied into a checkout-shaped
 * directory (no sources there, so the launcher never builds), with their modification times.
 */
class LauncherAotIT {

    @Test
    void secondStartMapsTheCacheTheFirstStartRecorded(@TempDir Path dir) throws Exception {
        Path checkout = dir.resolve("checkout");
        Path target = checkout.resolve("server").resolve("target");
        copyTree(Path.of("target", "lib"), target.resolve("lib"));
        Files.copy(Path.of("target", "livepipe.jar"), target.resolve("livepipe.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(Path.of("..", "livepipe"), checkout.resolve("livepipe"), StandardCopyOption.COPY_ATTRIBUTES);
        List<String> launcher = List.of(checkout.resolve("livepipe").toString());
        Map<String, String> env = LivepipeProcess.env("JAVA_HOME", System.getProperty("java.home"),
                "LIVEPIPE_AOT", "on", "LIVEPIPE_JAVA_OPTS", "-Xmx1g");
        Path data = dir.resolve("data");
        Path aotDir = target.resolve("aot");

        try (LivepipeProcess first = new LivepipeProcess(data, env, launcher).start()) {
            assertThat(mappedAotFiles(first.handle())).isEmpty();
        }
        if (Runtime.version().feature() < 25) {
            assertThat(aotDir).doesNotExist();
            return;
        }
        List<Path> caches = aotFiles(aotDir);
        assertThat(caches).hasSize(1);
        assertThat(Files.size(caches.getFirst())).isGreaterThan(1 << 20);

        try (LivepipeProcess second = new LivepipeProcess(data, env, launcher).start()) {
            assertThat(mappedAotFiles(second.handle())).containsExactly(caches.getFirst().toRealPath().toString());
            assertThat(second.logText()).doesNotContain("[aot]");
        }
        Map<String, String> off = LivepipeProcess.env("JAVA_HOME", System.getProperty("java.home"),
                "LIVEPIPE_AOT", "off", "LIVEPIPE_JAVA_OPTS", "-Xmx1g");
        try (LivepipeProcess cold = new LivepipeProcess(data, off, launcher).start()) {
            assertThat(mappedAotFiles(cold.handle())).isEmpty();
        }
        assertThat(aotFiles(aotDir)).containsExactlyElementsOf(caches);

        // A rebuilt jar (here: a new modification time) must never meet the old cache: the JVM
        // would refuse it on every start. The launcher records a new one under a new key and
        // drops the old.
        Path jar = target.resolve("livepipe.jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 120_000));
        try (LivepipeProcess rebuilt = new LivepipeProcess(data, env, launcher).start()) {
            assertThat(mappedAotFiles(rebuilt.handle())).isEmpty();
            assertThat(rebuilt.logText()).doesNotContain("[error");
        }
        List<Path> fresh = aotFiles(aotDir);
        assertThat(fresh).hasSize(1).doesNotContainAnyElementsOf(caches);
        try (LivepipeProcess again = new LivepipeProcess(data, env, launcher).start()) {
            assertThat(mappedAotFiles(again.handle())).containsExactly(fresh.getFirst().toRealPath().toString());
        }
    }

    /**
     * Files ending in {@code .aot} that the process or any descendant has mapped (Linux
     * {@code /proc/<pid>/maps}); a recording start runs the JVM as the launcher's child.
     */
    private static List<String> mappedAotFiles(ProcessHandle process) throws IOException {
        List<String> mapped = new java.util.ArrayList<>();
        for (ProcessHandle p : Stream.concat(Stream.of(process), process.descendants()).toList()) {
            try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(p.pid()), "maps"))) {
                lines.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.endsWith(".aot")).forEach(mapped::add);
            } catch (java.nio.file.NoSuchFileException gone) {
                // exited between listing and reading
            }
        }
        return mapped.stream().distinct().toList();
    }

    private static List<Path> aotFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
