// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole service started the way the README starts it ({@code java -jar
 * server/target/livepipe.jar}) as a child process on free loopback ports, with its own data
 * directory. Output goes to {@code target/e2e-logs/} for post-mortems; {@link #close()} fails
 * if the event loop was ever blocked (the blocked-thread warning is a bug).
 */
public final class LivepipeProcess implements AutoCloseable {

    private static final Pattern TOKEN_LINE = Pattern.compile("^\\s+([A-Za-z0-9_-]{43})\\s*$", Pattern.MULTILINE);
    private static int starts;

    private final Path dataDir;
    private final Map<String, String> extraEnv;
    private final int httpPort;
    private final int rtmpPort;
    private final Path log;
    private final List<String> command;
    private Process process;

    /** Picks free ports; call {@link #start()} to run it. */
    public LivepipeProcess(Path dataDir, Map<String, String> extraEnv) throws IOException {
        this(dataDir, extraEnv, null);
    }

    /**
     * As above, started by {@code command} (e.g. a {@code ./livepipe} launcher) instead of
     * {@code java -Xmx1g -jar target/livepipe.jar}; null means the latter.
     */
    public LivepipeProcess(Path dataDir, Map<String, String> extraEnv, List<String> command) throws IOException {
        this.command = command == null ? null : List.copyOf(command);
        this.dataDir = dataDir;
        this.extraEnv = extraEnv;
        this.httpPort = freePort();
        this.rtmpPort = freePort();
        Path logs = Path.of("target", "e2e-logs");
        Files.createDirectories(logs);
        this.log = logs.resolve("livepipe-" + ProcessHandle.current().pid() + "-" + (++starts) + ".log");
    }

    /** Starts the process and waits until {@code /health} answers 200 (at most 3 minutes). */
    public LivepipeProcess start() throws IOException, InterruptedException {
        String jar = System.getProperty("livepipe.jar", "target/livepipe.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(command != null ? command : List.of(java, "-Xmx1g", "-jar", jar));
        Map<String, String> env = pb.environment();
        env.put("LIVEPIPE_DATA_DIR", dataDir.toString());
        env.put("LIVEPIPE_HTTP_HOST", "127.0.0.1");
        env.put("LIVEPIPE_HTTP_PORT", Integer.toString(httpPort));
        env.put("LIVEPIPE_RTMP_PORT", Integer.toString(rtmpPort));
        env.put("LIVEPIPE_WEBRTC_UDP_PORT", "0");
        env.put("LIVEPIPE_WEBRTC_TCP_PORT", "0"); // ICE-TCP off here; its own tests cover it
        env.put("LIVEPIPE_WEBRTC_INTERFACES", "loopback"); // tests only talk over loopback
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        waitHealthy(Duration.ofMinutes(3));
        return this;
    }

    private void waitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("livepipe exited with " + process.exitValue() + "; log:\n" + logText());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(httpBase() + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("livepipe not healthy in " + timeout + "; log:\n" + logText());
    }

    /** Everything the process printed so far. */
    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** The admin token the server generated and printed on its first start, if it did. */
    public String printedAdminToken() throws IOException {
        Matcher m = TOKEN_LINE.matcher(logText());
        if (!m.find()) {
            throw new IllegalStateException("no admin token printed");
        }
        return m.group(1);
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String rtmpBase() {
        return "rtmp://127.0.0.1:" + rtmpPort + "/live";
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running process (the JVM itself when a launcher {@code exec}s it). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Kills the process without letting it clean up (a crash). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * Stops it gracefully (SIGTERM → shutdown hook), waits, and then checks its log: Vert.x's
     * blocked-thread warning anywhere in it fails the test.
     */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(45, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        String text;
        try {
            text = logText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (text.contains("has been blocked for")) {
            throw new AssertionError("a Vert.x thread was blocked; see " + log.toAbsolutePath());
        }
    }

    /** A copy of the given env with more entries. */
    public static Map<String, String> env(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
