// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * nginx with nginx-rtmp-module converting RTMP to HLS (MPEG-TS segments and playlists written to
 * a tmpfs directory), the C reference the issue compares against. One master and one worker
 * process ({@code worker_processes 1}, the setting nginx-rtmp is normally run with); CPU and
 * memory are summed over both. Playlists are read from disk.
 */
public final class NginxRtmpUnderTest implements ServerUnderTest {

    /** Where Debian/Ubuntu ({@code libnginx-mod-rtmp}) and RPM-based distributions put the module. */
    private static final List<String> MODULE_PATHS = List.of(
            "/usr/lib/nginx/modules/ngx_rtmp_module.so", "/usr/lib64/nginx/modules/ngx_rtmp_module.so",
            "/usr/share/nginx/modules/ngx_rtmp_module.so");

    private final Path logDir;
    private final String nginx;
    private Path prefix;
    private int port;
    private ManagedProcess process;

    public NginxRtmpUnderTest(Path logDir, String nginxBinary) {
        this.logDir = logDir;
        this.nginx = nginxBinary;
    }

    @Override
    public String name() {
        return "nginx-rtmp";
    }

    @Override
    public void start() throws Exception {
        String module = MODULE_PATHS.stream().filter(p -> Files.isRegularFile(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("ngx_rtmp_module.so not found (apt-get install libnginx-mod-rtmp)"));
        prefix = Dirs.scratch("livepipe-bench-nginx-");
        Path hls = Files.createDirectories(prefix.resolve("hls"));
        // Workers drop privileges to 'nobody' when nginx runs as root: let them write the HLS output.
        Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setPosixFilePermissions(hls, PosixFilePermissions.fromString("rwxrwxrwx"));
        port = Ports.free();
        String conf = """
                daemon off;
                master_process on;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                load_module %2$s;
                events { worker_connections 1024; }
                rtmp {
                    server {
                        listen 127.0.0.1:%3$d;
                        application live {
                            live on;
                            record off;
                            hls on;
                            hls_path %4$s;
                            hls_fragment 2s;
                            hls_playlist_length 12s;
                        }
                    }
                }
                """.formatted(prefix, module, port, hls);
        Files.writeString(prefix.resolve("nginx.conf"), conf);
        process = ManagedProcess.start("nginx", List.of(nginx, "-p", prefix.toString(), "-e",
                prefix.resolve("error.log").toString(), "-c", "nginx.conf"), Map.of(), prefix,
                logDir.resolve("nginx-stdout.log"));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!Ports.accepting(port)) {
            if (!process.alive() || System.nanoTime() > deadline) {
                String err = Files.exists(prefix.resolve("error.log")) ? Files.readString(prefix.resolve("error.log")) : "";
                throw new IllegalStateException("nginx did not start: " + process.tail(20) + "\n" + err);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public ProcessHandle process() {
        return process.handle();
    }

    @Override
    public List<StreamEndpoint> createStreams(int count) {
        List<StreamEndpoint> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String key = "bench" + i;
            out.add(new StreamEndpoint("nginx/" + key, "rtmp://127.0.0.1:" + port + "/live/" + key,
                    new FilePlaylistSource(prefix.resolve("hls").resolve(key + ".m3u8"))));
        }
        return out;
    }

    @Override
    public ServerLatencyProbe latencyProbe() {
        return ServerLatencyProbe.NONE;
    }

    @Override
    public double mediaOutsideProcessMiB() {
        try (java.util.stream.Stream<Path> files = Files.list(prefix.resolve("hls"))) {
            return files.mapToLong(f -> f.toFile().length()).sum() / 1024.0 / 1024.0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public String configuration() {
        return "nginx " + version() + " + nginx-rtmp-module, master + 1 worker, hls_fragment 2s, "
                + "hls_playlist_length 12s, MPEG-TS to tmpfs";
    }

    private String version() {
        try {
            Process p = new ProcessBuilder(nginx, "-v").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.replace("nginx version: nginx/", "");
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
        if (prefix != null) {
            try {
                Path err = prefix.resolve("error.log");
                if (Files.exists(err)) {
                    Files.copy(err, logDir.resolve("nginx-error.log"), StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                // the log is a convenience
            }
            Dirs.deleteQuietly(prefix);
        }
    }
}
