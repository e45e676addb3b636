// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An S3 API server for the default, nothing-installed run: S3Proxy on {@code 127.0.0.1}
 * with a file-system backend under {@code <dataDir>/s3} (one directory per bucket, object
 * metadata in extended attributes), path-style addressing only.
 *
 * <p>Requests must be signed (AWS signature V2 or V4) with credentials that are generated
 * randomly on first start and kept in {@code <dataDir>/s3-credentials.properties} (mode
 * 0600), so they and presigned URLs survive restarts. The port is free-chosen per start
 * unless one is given; {@link #endpoint()} tells it. An OS lock on {@code <dataDir>/s3.lock}
 * refuses a second live server on the same directory.
 *
 * <p>{@link #start()} and {@link #stop()} block; call them from a worker thread. Not
 * thread-safe; S3Proxy itself serves requests on its own Jetty threads.
 */
public final class EmbeddedS3Server {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3Server.class);
    private static final String HOST = "127.0.0.1";

    private final Path blobDir;
    private final Path credentialsFile;
    private final Path lockFile;
    private final int requestedPort;
    private DirectoryLock lock;
    private S3Credentials credentials;
    private S3Proxy proxy;
    private URI endpoint;

    /** A server on a free loopback port. */
    public EmbeddedS3Server(Path dataDir) {
        this(dataDir, 0);
    }

    /**
     * @param dataDir Livepipe's data directory; objects live in its {@code s3} subdirectory
     * @param port    loopback port to listen on, 0 for a free one
     */
    public EmbeddedS3Server(Path dataDir, int port) {
        Path dir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port);
        }
        this.blobDir = dir.resolve("s3");
        this.credentialsFile = dir.resolve("s3-credentials.properties");
        this.lockFile = dir.resolve("s3.lock");
        this.requestedPort = port;
    }

    /**
     * Creates the directories and credentials if needed and starts listening.
     *
     * @throws IllegalStateException when already started or S3Proxy fails to start
     */
    public void start() {
        if (proxy != null) {
            throw new IllegalStateException("already started");
        }
        long began = System.nanoTime();
        DirectoryLock acquired = DirectoryLock.acquire(lockFile);
        try {
            startLocked();
            lock = acquired;
        } catch (RuntimeException e) {
            acquired.close();
            throw e;
        }
        LOG.info("embedded S3 server on {} with objects in {} started in {} ms",
                endpoint, blobDir, (System.nanoTime() - began) / 1_000_000);
    }

    private void startLocked() {
        try {
            Files.createDirectories(blobDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + blobDir, e);
        }
        credentials = S3Credentials.loadOrCreate(credentialsFile);
        S3Proxy started = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(blobDir.toString()))
                .endpoint(URI.create("http://" + HOST + ":" + requestedPort))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, credentials.accessKey(), credentials.secretKey())
                .jettyMaxThreads(32)
                .build();
        try {
            started.start();
        } catch (Exception e) {
            stopQuietly(started);
            throw new IllegalStateException("cannot start embedded S3 server on " + HOST + ":" + requestedPort, e);
        }
        proxy = started;
        endpoint = URI.create("http://" + HOST + ":" + started.getPort());
    }

    /** Stops listening; in-flight requests get a short grace period. Idempotent; blocks. */
    public void stop() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop embedded S3 server", e);
        } finally {
            proxy = null;
            endpoint = null;
            lock.close();
            lock = null;
        }
    }

    /** Whether {@link #start()} succeeded and {@link #stop()} was not called since. */
    public boolean isRunning() {
        return proxy != null;
    }

    /** The running server's endpoint, {@code http://127.0.0.1:<port>}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("embedded S3 server is not running");
        }
        return endpoint;
    }

    /** Access key clients must sign with; available once started. */
    public String accessKey() {
        return started().accessKey();
    }

    /** Secret key clients must sign with; available once started. Never log it. */
    public String secretKey() {
        return started().secretKey();
    }

    /** Where the objects live, {@code <dataDir>/s3}. */
    public Path blobDirectory() {
        return blobDir;
    }

    private S3Credentials started() {
        if (credentials == null) {
            throw new IllegalStateException("embedded S3 server was never started");
        }
        return credentials;
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            LOG.debug("stopping a half-started S3 server failed", e);
        }
    }
}
