// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link S3ServerMain} as a child process, so a test can stop the storage a running Livepipe
 * depends on and start it again on the same port and directory (an outage, not a data loss).
 */
public final class S3ServerProcess implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;
    private String endpoint;
    private String accessKey;
    private String secretKey;

    public S3ServerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts it and waits (at most 60 s) until it listens. */
    public S3ServerProcess start() throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                S3ServerMain.class.getName(), dir.toString(), Integer.toString(port)))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
            if (line.startsWith("READY ")) {
                String[] parts = line.split(" ");
                endpoint = parts[1];
                accessKey = parts[2];
                secretKey = parts[3];
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // process ended
                    }
                }, "s3-server-output");
                drain.setDaemon(true);
                drain.start();
                return this;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("S3 server did not start");
    }

    /** Kills it (like a storage outage). */
    public void stop() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
