// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.egress.recorder;

import dev.livepipe.media.Broadcast;
import dev.livepipe.media.BroadcastListener;
import dev.livepipe.media.Broadcasts;
import dev.livepipe.media.BroadcastsConfig;
import dev.livepipe.media.Scheduler;
import dev.livepipe.storage.Storage;
import dev.livepipe.storage.StorageConfig;
import dev.livepipe.storage.broadcasts.PublisherInfo;
import dev.livepipe.storage.embedded.EmbeddedS3Server;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Real components for recorder tests: an embedded S3 server the test can stop and restart on the
 * same port and directory, embedded PostgreSQL through {@link Storage} (pointed at that S3 server),
 * a stream row, a broadcast hub whose broadcasts get rows (like the server's journal), and a
 * {@link Recorder} on it with short backoff.
 */
final class RecorderEnv implements AutoCloseable {

    final Path dir;
    final EmbeddedS3Server s3;
    final Storage storage;
    final String streamId;
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final Broadcasts broadcasts;
    final Recorder recorder;
    final RecorderConfig config;
    private int s3Port;

    RecorderEnv(Path dir) {
        this.dir = dir;
        this.s3 = new EmbeddedS3Server(dir.resolve("s3data"));
        s3.start();
        s3Port = s3.endpoint().getPort();
        this.storage = new Storage(new StorageConfig(dir.resolve("pg"), null, null, null, s3.endpoint(), "livepipe",
                s3.accessKey(), s3.secretKey(), "us-east-1"));
        storage.start();
        this.streamId = storage.streams().create("recorder test").stream().id();
        Scheduler scheduler = (delay, task) -> {
            ScheduledFuture<?> f = timers.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        };
        this.broadcasts = new Broadcasts(new BroadcastsConfig(Duration.ofSeconds(10), 20_000), scheduler,
                Clock.systemUTC());
        broadcasts.addListener(new BroadcastListener() {
            @Override
            public void onStarted(Broadcast b) {
                storage.broadcasts().start(UUID.fromString(b.id()), b.streamId(), b.startedAt(), PublisherInfo.UNKNOWN);
            }
        });
        this.config = RecorderConfig.defaults(dir.resolve("data"))
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1));
        this.recorder = newRecorder();
        join(recorder.start());
        broadcasts.addListener(recorder);
    }

    Recorder newRecorder() {
        return new Recorder(config, storage.objects(), new RepositoryRecordingStore(storage.recordings()));
    }

    void stopS3() {
        s3.stop();
    }

    void startS3() {
        EmbeddedS3Server again = new EmbeddedS3Server(dir.resolve("s3data"), s3Port);
        again.start();
        restarted = again;
    }

    private EmbeddedS3Server restarted;

    static <T> T join(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Downloads an object to a file. */
    Path download(String key, Path to) throws IOException {
        try (InputStream in = storage.objects().openStream(key).orElseThrow()) {
            Files.copy(in, to);
        }
        return to;
    }

    @Override
    public void close() {
        join(recorder.stop());
        broadcasts.endAll("test over");
        timers.shutdownNow();
        storage.stop();
        if (restarted != null) {
            restarted.stop();
        }
        s3.stop();
    }
}
