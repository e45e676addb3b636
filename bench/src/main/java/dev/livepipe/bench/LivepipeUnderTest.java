// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Livepipe started the way the README starts it (the {@code ./livepipe} launcher of a snapshot made
 * by {@link RtmpHlsBench#snapshot}, with {@code JAVA_HOME} set to the benchmark's JDK) as a child
 * process on loopback ports, with a fresh data directory (embedded PostgreSQL and S3)
 * and a random admin token. Streams are created through {@code POST /api/streams}; playlists are
 * read over HTTP from each stream's {@code hlsUrl}; the server's own segment timing comes from
 * {@code GET /api/system}.
 */
public final class LivepipeUnderTest implements ServerUnderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jar;
    private final String javaBin;
    private final Path logDir;
    private final HttpClient http;
    private final Map<String, String> extraEnv;
    private final List<String> streamIds = new ArrayList<>();
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private Path dataDir;
    private int httpPort;
    private int rtmpPort;
    private ManagedProcess process;
    private LivepipeSegmentTimings probe;

    /**
     * @param jar        {@code server/target/livepipe.jar}
     * @param javaBin    the java launcher whose JDK ({@code JAVA_HOME}) the launcher uses; extra JVM
     *                   options come as for any {@code ./livepipe} start, from {@code LIVEPIPE_JAVA_OPTS}
     *                   in the environment (inherited from the benchmark's)
     * @param logDir     where the server's output goes
     * @param http       the client used for the API and playlists
     */
    public LivepipeUnderTest(Path jar, String javaBin, Path logDir, HttpClient http) {
        this(jar, javaBin, logDir, http, Map.of());
    }

    /**
     * As above, with extra environment for the server (e.g. {@code LIVEPIPE_RECORDING=off},
     * {@code LIVEPIPE_RECONNECT_GRACE_SECONDS=1}); it overrides the benchmark's defaults, which
     * include {@code LIVEPIPE_AOT=off} (a benchmark that wants the launcher's AOT cache passes
     * {@code LIVEPIPE_AOT=on} and runs a training start first).
     */
    public LivepipeUnderTest(Path jar, String javaBin, Path logDir, HttpClient http, Map<String, String> extraEnv) {
        this.extraEnv = Map.copyOf(extraEnv);
        this.jar = jar;
        this.javaBin = javaBin;
        this.logDir = logDir;
        this.http = http;
    }

    /** The {@code ./livepipe} launcher of the snapshot the jar sits in ({@code <dir>/server/target/livepipe.jar}). */
    private Path launcher() {
        Path launcher = jar.toAbsolutePath().getParent().getParent().getParent().resolve("livepipe");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no ./livepipe launcher at " + launcher + " (the jar must come from RtmpHlsBench.snapshot)");
        }
        return launcher;
    }

    /**
     * What the launcher will do about the JVM AOT cache on the next start, judged from the
     * snapshot's {@code server/target/aot/} directory: "off", "recording" (none yet: this run
     * records one) or "using" (a cache an earlier start recorded and the launcher kept only after
     * it mapped; its key covers the jars, the JDK and the JVM options, and a JVM that still refuses
     * it logs an {@code [aot]} error, which {@link #start()} turns into a failed phase).
     */
    public String aotState() {
        if (!"on".equals(extraEnv.get("LIVEPIPE_AOT")) || Runtime.version().feature() < 25) {
            return "off";
        }
        return aotCache().isPresent() ? "using" : "recording";
    }

    /**
     * The AOT cache file in the snapshot, if one has been kept (the launcher renames a recording
     * to {@code *.aot} only after it mapped).
     */
    public java.util.Optional<Path> aotCache() {
        Path dir = jar.toAbsolutePath().getParent().resolve("aot");
        if (!Files.isDirectory(dir)) {
            return java.util.Optional.empty();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".aot")).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String name() {
        return "Livepipe";
    }

    @Override
    public void start() throws Exception {
        dataDir = Files.createTempDirectory(logDir, "livepipe-data-");
        httpPort = Ports.free();
        rtmpPort = Ports.free();
        List<String> cmd = List.of(launcher().toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "LIVEPIPE_DATA_DIR", dataDir.toString(),
                "LIVEPIPE_HTTP_HOST", "127.0.0.1",
                "LIVEPIPE_HTTP_PORT", Integer.toString(httpPort),
                "LIVEPIPE_RTMP_PORT", Integer.toString(rtmpPort),
                "LIVEPIPE_RTMPS_PORT", Integer.toString(Ports.free()),
                "LIVEPIPE_ADMIN_TOKEN", token,
                "LIVEPIPE_PUBLIC_URL", base(),
                "LIVEPIPE_PUBLIC_HOST", "127.0.0.1"));
        env.put("JAVA_HOME", Path.of(javaBin).toAbsolutePath().getParent().getParent().toString());
        env.put("LIVEPIPE_AOT", "off");
        env.putAll(extraEnv);
        process = ManagedProcess.start("livepipe", cmd, env, logDir, logDir.resolve("livepipe.log"));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            if (!process.alive()) {
                throw new IllegalStateException("Livepipe exited during start-up:\n" + process.tail(30));
            }
            if (status("/health") == 200) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Livepipe /health not 200 within 180 s:\n" + process.tail(30));
            }
            Thread.sleep(250);
        }
        String refused = Files.readAllLines(logDir.resolve("livepipe.log")).stream()
                .filter(l -> l.contains("[error") && l.contains("[aot]")).findFirst().orElse(null);
        if (refused != null) {
            throw new IllegalStateException("the JVM refused the AOT cache, so this would be a cold start: " + refused);
        }
        probe = new LivepipeSegmentTimings(http, URI.create(base() + "/api/system"), token);
    }

    private String base() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** {@code http://127.0.0.1:<port>}: the API, {@code /whip}, {@code /broadcast} and HLS. */
    public String baseUrl() {
        return base();
    }

    private int status(String path) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(2)).build();
            return http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public ProcessHandle process() {
        return process.handle();
    }

    /**
     * The JVM's tree plus embedded PostgreSQL's postmaster (and so its backends), found through
     * {@code <data dir>/postgres/postmaster.pid}: {@code pg_ctl} daemonizes it out of the JVM's tree.
     */
    @Override
    public List<ProcessHandle> processes() {
        if (dataDir == null) {
            return List.of(process());
        }
        try {
            return dev.livepipe.storage.embedded.OrphanedPostmaster.find(dataDir.resolve("postgres"))
                    .map(postmaster -> List.of(process(), postmaster))
                    .orElseGet(() -> List.of(process()));
        } catch (java.io.UncheckedIOException e) {
            return List.of(process()); // pid file being rewritten: this sample covers the JVM only
        }
    }

    @Override
    public List<StreamEndpoint> createStreams(int count) throws Exception {
        List<StreamEndpoint> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/api/streams"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"bench " + i + "\"}"))
                    .build();
            HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (rsp.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST /api/streams -> " + rsp.statusCode() + ": " + rsp.body());
            }
            JsonNode s = JSON.readTree(rsp.body());
            String key = s.path("streamKey").asText();
            String hlsUrl = s.path("hlsUrl").asText();
            if (key.isEmpty() || hlsUrl.isEmpty()) {
                throw new IllegalStateException("POST /api/streams reply lacks streamKey or hlsUrl: " + s.fieldNames());
            }
            URI playlist = URI.create(base() + "/").resolve(hlsUrl);
            streamIds.add(s.path("id").asText());
            out.add(new StreamEndpoint("livepipe/" + s.path("id").asText(), "rtmp://127.0.0.1:" + rtmpPort + "/live/" + key,
                    new HttpPlaylistSource(http, playlist)));
        }
        return out;
    }

    /** The ids of every stream {@link #createStreams} made, in order. */
    public List<String> streamIds() {
        return List.copyOf(streamIds);
    }

    /**
     * {@code GET path} with the admin token; the body of a 2xx reply as JSON.
     *
     * @throws IOException on a transport error or another status
     */
    public JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<String> rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (rsp.statusCode() / 100 != 2) {
            throw new IOException("GET " + pathAndQuery + " -> " + rsp.statusCode() + ": " + rsp.body());
        }
        return JSON.readTree(rsp.body());
    }

    @Override
    public ServerLatencyProbe latencyProbe() {
        return probe;
    }

    @Override
    public double liveHeapMiB() {
        return Jcmd.liveHeapMiB(process.handle().pid());
    }

    @Override
    public String configuration() {
        String javaOpts = System.getenv("LIVEPIPE_JAVA_OPTS");
        return "./livepipe on " + Runtime.version() + ", AOT cache " + aotState()
                + (javaOpts == null || javaOpts.isBlank() ? "" : ", LIVEPIPE_JAVA_OPTS=" + javaOpts.trim())
                + (extraEnv.isEmpty() ? "" : " " + new java.util.TreeMap<>(extraEnv)) + ", embedded PostgreSQL + S3, HLS segment 2 s, window 6, fMP4 served from memory";
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        Dirs.deleteQuietly(dataDir);
    }
}
