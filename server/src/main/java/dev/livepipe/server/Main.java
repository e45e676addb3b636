// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.server;

import dev.livepipe.ingest.whip.transport.WebRtcTransportConfig;
import dev.livepipe.server.config.ServerConfig;
import dev.livepipe.storage.StorageConfig;
import io.vertx.core.Vertx;
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
        try {
            config = ServerConfig.fromEnv(System.getenv());
            storageConfig = StorageConfig.fromEnv(System.getenv());
            webrtcConfig = WebRtcTransportConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("livepipe: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        LivepipeServer server = new LivepipeServer(vertx, config, storageConfig, webrtcConfig);
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
}
