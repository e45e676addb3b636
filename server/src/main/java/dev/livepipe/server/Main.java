// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.chat.ChatConfig;
import dev.livepipe.ingest.whip.transport.WebRtcTransportConfig;
import dev.livepipe.server.config.ServerConfig;
import dev.livepipe.storage.StorageConfig;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Livepipe from environment variables (see README's configuration table). */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config;
        StorageConfig storageConfig;
        WebRtcTransportConfig webrtcConfig;
        ChatConfig chatConfig;
        try {
            config = ServerConfig.fromEnv(System.getenv());
            storageConfig = StorageConfig.fromEnv(System.getenv());
            webrtcConfig = WebRtcTransportConfig.fromEnvironment(System.getenv());
            chatConfig = ChatConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("livepipe: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = createVertx();
        LivepipeServer server = new LivepipeServer(vertx, config, storageConfig, webrtcConfig, chatConfig);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping Livepipe");
            try {
                server.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Unclean stop", e);
            }
        }, "livepipe-shutdown"));
        try {
            server.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.error("Could not start; exiting", e);
            System.exit(1);
        }
    }

    /**
     * Vert.x on Netty's native transport (epoll on Linux, from {@code netty-transport-native-epoll}
     * in {@code lib/}): fewer system calls and copies per socket read than the JDK's NIO selector.
     * Falls back to NIO, with one log line, where the native library cannot load (another OS or
     * CPU, a {@code noexec} temp directory) or when {@code -Dlivepipe.nativeTransport=false}.
     */
    static Vertx createVertx() {
        boolean prefer = !"false".equalsIgnoreCase(System.getProperty("livepipe.nativeTransport", "true"));
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(prefer));
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("Network transport: native ({})", io.vertx.core.transport.Transport.nativeTransport().name());
        } else if (!prefer) {
            LOG.info("Network transport: NIO (-Dlivepipe.nativeTransport=false)");
        } else {
            Throwable why = vertx.unavailableNativeTransportCause();
            LOG.info("Network transport: NIO (native transport unavailable: {})", why == null ? "unknown" : why.toString());
        }
        return vertx;
    }
}
