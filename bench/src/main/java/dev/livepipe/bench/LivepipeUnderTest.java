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
 * Livepipe started the way the README starts it ({@code java -jar server/target/livepipe.jar})
 * as a child process on loopback ports, with a fresh data directory (embedded PostgreSQL and S3)
 * and a random admin token. Streams are created through {@code POST /api/streams}; playlists are
 * read over HTTP from each stream's {@code hlsUrl}; the server's own segment timing comes from
 * {@code GET /api/system}.
 */
public final class LivepipeUnderTest implements ServerUnderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jar;
    private final String javaBin;
    private final List<String> jvmOptions;
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
     * @param javaBin    the java launcher to start it with
     * @param jvmOptions extra JVM options (empty for the measured runs)
     * @param logDir     where the server's output goes
     * @param http       the client used for the API and playlists
     */
    public LivepipeUnderTest(Path jar, String javaBin, List<String> jvmOptions, Path logDir, HttpClient http) {
        this(jar, javaBin, jvmOptions, logDir, http, Map.of());
    }

    /**
     * As above, with extra environment for the server (e.g. {@code LIVEPIPE_RECORDING=off},
     * {@code LIVEPIPE_RECONNECT_GRACE_SECONDS=1}); it overrides the benchmark's defaults.
     */
    public LivepipeUnderTest(Path jar, String javaBin, List<String> jvmOptions, Path logDir, HttpClient http,
                             Map<String, String> extraEnv) {
        this.extraEnv = Map.copyOf(extraEnv);
        this.jar = jar;
        this.javaBin = javaBin;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.logDir = logDir;
        this.http = http;
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
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(jvmOptions);
        cmd.add("-jar");
        cmd.add(jar.toString());
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "LIVEPIPE_DATA_DIR", dataDir.toString(),
                "LIVEPIPE_HTTP_HOST", "127.0.0.1",
                "LIVEPIPE_HTTP_PORT", Integer.toString(httpPort),
                "LIVEPIPE_RTMP_PORT", Integer.toString(rtmpPort),
                "LIVEPIPE_RTMPS_PORT", Integer.toString(Ports.free()),
                "LIVEPIPE_ADMIN_TOKEN", token,
                "LIVEPIPE_PUBLIC_URL", base(),
                "LIVEPIPE_PUBLIC_HOST", "127.0.0.1"));
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
        return "java -jar livepipe.jar on " + Runtime.version() + (jvmOptions.isEmpty() ? "" : " " + jvmOptions)
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
